// The admin API of the embedded default (`nac run`, a real nats-server child, gateway and actor
// node): a change made through the API reaches the running gateway and actor through the KV watch
// and takes effect; the latency from the API's answer to the first RADIUS answer that shows the
// change is printed. The CLI does the same through the same API.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Code } from '../../../proto/radius/index.js'
import { freeTcpPort, freeUdpPort } from '../../support/free-port.js'
import { mabAttributes, UdpNas, type Answer as RadiusAnswer } from '../../support/radius-udp-client.js'
import { CLI, startService, type ServiceProcess } from '../../support/service-process.js'
import { call } from './api-fixture.js'

const run = promisify(execFile)

describe('admin API of nac run: changes reach the running nodes', () => {
  let dir: string
  let svc: ServiceProcess | undefined
  let nas: UdpNas | undefined
  let api: { url: string; caPem: string }
  let token: string
  let authPort: number

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nac-api-run-'))
    authPort = await freeUdpPort()
    const args = ['run', '--data-dir', dir, '--shards', '8',
      '--nats-port', String(await freeTcpPort()), '--radsec-port', String(await freeTcpPort()),
      '--auth-port', String(authPort), '--acct-port', String(await freeUdpPort()),
      '--radsecproxy-port', String(await freeUdpPort()), '--api-port', String(await freeTcpPort())]
    svc = await startService(args, { timeoutMs: 60_000 })
    const ports = svc.ready['ports'] as { api: number }
    api = { url: `https://127.0.0.1:${ports.api}`, caPem: readFileSync(join(dir, 'demo', 'api-ca.pem'), 'utf8') }
    token = readFileSync(join(dir, 'demo', 'admin-token'), 'utf8').trim()
    nas = new UdpNas({ host: '127.0.0.1', port: authPort, secret: 'testing123', timeoutMs: 500, retries: 2 })
    await nas.bind()
  })

  afterAll(async () => {
    nas?.close()
    await svc?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  const f = (): { api: { url: string }; caPem: string } => ({ api: { url: api.url }, caPem: api.caPem })

  /**
   * Authenticates `mac` in a loop while `change` runs; returns the ms from the change's confirmed
   * answer to the first RADIUS answer `shows` accepts, and how many answers sent after the
   * confirmation still showed the old state.
   */
  async function measure(mac: string, change: () => Promise<void>, shows: (a: RadiusAnswer) => boolean): Promise<{ ms: number; staleAfterConfirm: number }> {
    const answers: RadiusAnswer[] = []
    let stop = false
    const loop = (async () => {
      while (!stop) {
        const a = await nas!.request(mabAttributes(mac))
        if (a !== undefined) answers.push(a)
        await new Promise((r) => setTimeout(r, 5))
      }
    })()
    await new Promise((r) => setTimeout(r, 100))
    await change()
    const confirmedAt = Date.now()
    const until = confirmedAt + 5000
    while (Date.now() < until && !answers.some((a) => a.sentAt >= confirmedAt && shows(a))) await new Promise((r) => setTimeout(r, 5))
    stop = true
    await loop
    const first = answers.find((a) => a.sentAt >= confirmedAt && shows(a))
    if (first === undefined) throw new Error(`the change never showed: ${JSON.stringify(answers.slice(-3))}`)
    const staleAfterConfirm = answers.filter((a) => a.sentAt >= first.answeredAt && !shows(a)).length
    return { ms: first.answeredAt - confirmedAt, staleAfterConfirm }
  }

  it('writes .data/demo/admin-token with mode 0600 and the API CA', () => {
    expect(statSync(join(dir, 'demo', 'admin-token')).mode & 0o777).toBe(0o600)
    expect(api.caPem).toMatch(/BEGIN CERTIFICATE/)
  })

  it('an endpoint added through the API is accepted; a rule changed through the API answers with its VLAN', async () => {
    const mac = '020000000077'
    expect((await nas!.request(mabAttributes(mac)))?.code).toBe(Code.AccessReject)

    const added = await measure(mac, async () => {
      const r = await call(f(), 'POST', '/api/v1/orgs/demo/endpoints', { token, body: { mac: '02-00-00-00-00-77', name: 'api-sensor', labels: ['iot'] } })
      expect(r.status, r.text).toBe(201)
    }, (a) => a.code === Code.AccessAccept && a.vlan === '100')
    console.log(`endpoint via API -> first Access-Accept: ${added.ms} ms (answers with the old state after that: ${added.staleAfterConfirm})`)

    expect((await call(f(), 'POST', '/api/v1/orgs/demo/labels', { token, body: { name: 'vlan-300', type: 'vlan', vlan: '300' } })).status).toBe(201)
    const changed = await measure(mac, async () => {
      const got = await call(f(), 'GET', '/api/v1/orgs/demo/rules', { token })
      const rules = (got.json as { items: Array<{ name?: string; assign?: string[] }> }).items
      const next = rules.map((r) => (r.name === 'IoT by MAB' ? { ...r, assign: ['vlan-300'] } : r))
      const put = await call(f(), 'PUT', '/api/v1/orgs/demo/rules', { token, body: next, headers: { 'if-match': got.headers['etag'] as string } })
      expect(put.status, put.text).toBe(200)
    }, (a) => a.code === Code.AccessAccept && a.vlan === '300')
    console.log(`rule list via API -> first answer with the new VLAN: ${changed.ms} ms (answers with the old rule after that: ${changed.staleAfterConfirm})`)

    expect(added.ms).toBeLessThan(1000)
    expect(changed.ms).toBeLessThan(1000)
    expect(added.staleAfterConfirm + changed.staleAfterConfirm).toBe(0)
  })

  it('the CLI reads and applies config through the same API', async () => {
    const conn = ['--api', api.url, '--token-file', join(dir, 'demo', 'admin-token'), '--ca', join(dir, 'demo', 'api-ca.pem')]
    const listed = await run(process.execPath, [CLI, 'api', 'request', 'GET', '/api/v1/orgs/demo/rules', ...conn])
    expect(JSON.parse(listed.stdout)).toEqual(expect.objectContaining({ items: expect.arrayContaining([expect.objectContaining({ assign: ['vlan-300'] })]) }))

    const file = join(dir, 'demo-via-api.yaml')
    writeFileSync(file, `org: demo
sites: [{ id: hq }]
radiusClients:
  - { name: loopback, cidr: 127.0.0.0/8, secret: testing123, site: hq }
labels:
  - { name: printers, type: client-list, values: ["02-00-00-00-01*"] }
  - { name: vlan-400, type: vlan, vlan: "400" }
rules:
  - { name: printers, match: [MAB, printers], action: allow, assign: [vlan-400] }
endpoints:
  - { mac: "02:00:00:00:01:01", name: printer-1 }
`)
    const applied = await run(process.execPath, [CLI, 'config', 'apply', file, ...conn])
    expect(applied.stdout).toMatch(/org demo stored at revision \d+ \(via https:/)
    const until = Date.now() + 5000
    let a: RadiusAnswer | undefined
    while (Date.now() < until) {
      a = await nas!.request(mabAttributes('020000000101'))
      if (a?.vlan === '400') break
      await new Promise((r) => setTimeout(r, 20))
    }
    expect(a).toEqual(expect.objectContaining({ code: Code.AccessAccept, vlan: '400' }))

    const bad = join(dir, 'bad.yaml')
    writeFileSync(bad, 'org: demo\nrules:\n  - { match: [MAB, nolabel], action: allow }\n')
    const err = await run(process.execPath, [CLI, 'config', 'apply', bad, ...conn]).then(() => undefined, (e: { code: number; stderr: string }) => e)
    expect(err?.code).toBe(1)
    expect(err?.stderr).toMatch(/rules\[0\]\.match\[1\].*\(rule label-exists\)/)
  })
})
