// The admin CLI against a running cluster (real nats-server, gateway and actor-node processes):
// `config check` names file, line, path and rule; `pki issue-nas` makes a NAS certificate that
// openssl verifies and the gateway admits over RadSec; `config apply` reaches running nodes
// without a restart.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect as tlsConnect } from 'node:tls'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Attr, Code, RadSecFramer, decodePacket, encodePacket, findAttribute, randomAuthenticator, signRequest } from '../../../proto/radius/index.js'
import { freeTcpPort } from '../../support/free-port.js'
import { startNatsServer, type NatsServer } from '../../support/nats-server.js'
import { opensslCa, opensslLeaf, SERVER_EXT, type PemPair } from '../../support/openssl-pki.js'
import { mabAttributes } from '../../support/radius-udp-client.js'
import { CLI, readCounters, startService, type ServiceProcess } from '../../support/service-process.js'

const run = promisify(execFile)

const orgYaml = (vlan: string): string => `org: acme
sites:
  - id: lab
labels:
  - name: printers
    type: client-list
    values: ["0A-0B-0C*"]
  - name: vlan-p
    type: vlan
    vlan: "${vlan}"
rules:
  - name: printers
    match: [MAB, printers]
    action: allow
    assign: [vlan-p]
`

describe('nac config and nac pki against a running cluster', () => {
  let nats: NatsServer
  let dir: string
  let radsecPort: number
  let radsecCa: PemPair
  let deviceCa: PemPair
  const procs: ServiceProcess[] = []

  beforeAll(async () => {
    nats = await startNatsServer()
    dir = mkdtempSync(join(tmpdir(), 'nac-cli-'))
    radsecCa = opensslCa(dir, 'radsec-ca', '/CN=radsec CA')
    const server = opensslLeaf(dir, radsecCa, 'server', '/CN=localhost', SERVER_EXT)
    // node-forge signs with RSA keys only: the device CA the CLI issues from is RSA.
    deviceCa = opensslCa(dir, 'acme-ca', '/O=acme/CN=acme device CA', 'rsa')
    const common = ['--nats', nats.url, '--cluster-key', join(dir, 'cluster.key'), '--shards', '8']
    procs.push(await startService(['actor-node', ...common, '--node-id', 'n1']))
    radsecPort = await freeTcpPort()
    procs.push(await startService(['gateway', ...common, '--no-udp', '--radsec-cert', server.cert, '--radsec-key', server.key, '--radsec-port', String(radsecPort)]))
  })

  afterAll(async () => {
    for (const p of procs.reverse()) await p.stop()
    await nats?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  it('config check names the file, line, path and rule of each error', async () => {
    const bad = join(dir, 'bad.yaml')
    writeFileSync(bad, orgYaml('100').replace('match: [MAB, printers]', 'match: [MAB, printerz]'))
    const err = await run(process.execPath, [CLI, 'config', 'check', bad]).then(() => undefined, (e: { code: number; stderr: string }) => e)
    expect(err?.code).toBe(1)
    expect(err?.stderr).toMatch(/bad\.yaml:\d+: rules\[0\]\.match\[1\]: .*printerz.*\(rule label-exists\)/)
  })

  async function mab(cert: string, key: string, mac: string): Promise<{ code: number; vlan: string | undefined }> {
    const s = tlsConnect({ host: '127.0.0.1', port: radsecPort, cert: readFileSync(cert), key: readFileSync(key), ca: readFileSync(radsecCa.cert), servername: 'localhost' })
    try {
      const framer = new RadSecFramer()
      const reply = await new Promise<Buffer>((resolve, reject) => {
        s.once('secureConnect', () => {
          const p = encodePacket({ code: Code.AccessRequest, identifier: 1, authenticator: randomAuthenticator(), attributes: mabAttributes(mac) })
          signRequest(p, Buffer.from('radsec'))
          s.write(p)
        })
        s.on('data', (d: Buffer) => { const f = framer.push(d).frames[0]; if (f !== undefined) resolve(f) })
        s.once('error', reject)
        s.once('close', () => reject(new Error('connection closed without a reply')))
        setTimeout(() => reject(new Error('no reply')), 5000)
      })
      const d = decodePacket(reply)
      if (!d.ok) throw new Error(d.reason)
      return { code: d.value.code, vlan: findAttribute(d.value, Attr.TunnelPrivateGroupId)?.value.toString() }
    } finally {
      s.destroy()
    }
  }

  it('pki issue-nas + config apply: the new NAS is admitted over RadSec and a config change reaches the running nodes', async () => {
    const out = join(dir, 'ap-7')
    await run(process.execPath, [CLI, 'pki', 'issue-nas', '--org', 'acme', '--site', 'lab', '--nas', 'ap-7', '--ca-cert', deviceCa.cert, '--ca-key', deviceCa.key, '--out', out])
    // An independent check of the certificate the CLI issued.
    const verified = await run('openssl', ['verify', '-purpose', 'sslclient', '-CAfile', deviceCa.cert, `${out}.pem`])
    expect(verified.stdout).toMatch(/OK/)

    const file = join(dir, 'acme.yaml')
    writeFileSync(file, orgYaml('310'))
    const applied = await run(process.execPath, [CLI, 'config', 'apply', file, '--nats', nats.url, '--cluster-key', join(dir, 'cluster.key'), '--device-ca', deviceCa.cert])
    expect(applied.stdout).toMatch(/org acme stored at revision \d+/)
    const until = Date.now() + 10_000
    let first: { code: number; vlan: string | undefined } | undefined
    while (Date.now() < until) {
      first = await mab(`${out}.pem`, `${out}-key.pem`, '0a0b0c000001').catch(() => undefined)
      if (first?.code === Code.AccessAccept) break
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(first).toEqual({ code: Code.AccessAccept, vlan: '310' })
    expect((await mab(`${out}.pem`, `${out}-key.pem`, '0a0b0d000001')).code).toBe(Code.AccessReject)

    writeFileSync(file, orgYaml('320'))
    await run(process.execPath, [CLI, 'config', 'apply', file, '--nats', nats.url, '--cluster-key', join(dir, 'cluster.key'), '--device-ca', deviceCa.cert])
    const appliedAt = Date.now()
    let vlan: string | undefined
    while (Date.now() - appliedAt < 10_000 && vlan !== '320') vlan = (await mab(`${out}.pem`, `${out}-key.pem`, '0a0b0c000001')).vlan
    console.log(`config change seen by the cluster ${Date.now() - appliedAt} ms after config apply returned`)
    expect(vlan).toBe('320')
  })

  it("a NAS certificate from one org's CA claiming another org is refused", async () => {
    const betaCa = opensslCa(dir, 'beta-ca', '/O=beta/CN=beta device CA', 'rsa')
    const file = join(dir, 'beta.yaml')
    writeFileSync(file, orgYaml('500').replace('org: acme', 'org: beta'))
    await run(process.execPath, [CLI, 'config', 'apply', file, '--nats', nats.url, '--cluster-key', join(dir, 'cluster.key'), '--device-ca', betaCa.cert])
    // acme's CA signs a certificate that names org beta: the chain is valid, the claim is not.
    const out = join(dir, 'forged')
    await run(process.execPath, [CLI, 'pki', 'issue-nas', '--org', 'beta', '--site', 'lab', '--nas', 'ap-x', '--ca-cert', deviceCa.cert, '--ca-key', deviceCa.key, '--out', out])
    const gateway = procs[1]!
    const before = (await readCounters(gateway))['radsec.refused.WRONG_CA'] ?? 0
    await new Promise((r) => setTimeout(r, 500)) // the gateway has applied beta's CA by now
    await expect(mab(`${out}.pem`, `${out}-key.pem`, '0a0b0c000001')).rejects.toThrow()
    expect((await readCounters(gateway))['radsec.refused.WRONG_CA']).toBe(before + 1)
  })
})
