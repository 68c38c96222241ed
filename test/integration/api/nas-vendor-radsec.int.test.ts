// A NAS registered through the admin API changes what the running service answers it over RadSec:
// the embedded default (`nac run`), its demo NAS certificate (O=demo, OU=hq, CN=demo-nas), a MAB
// Access-Request of the demo endpoint. Unregistered, the NAS gets the IETF dialect (the role as
// Filter-Id, RFC 2865 §5.11); registered as Aruba, Aruba-User-Role (Vendor-Specific 14823/1,
// FreeRADIUS dictionary.aruba); removed again, Filter-Id.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { connect as tlsConnect, type TLSSocket } from 'node:tls'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Code, RadSecFramer, decodePacket, encodePacket, randomAuthenticator, signRequest, type RawAttribute } from '../../../proto/radius/index.js'
import { startEmbedded } from '../../support/embedded.js'
import { mabAttributes } from '../../support/radius-udp-client.js'
import type { ServiceProcess } from '../../support/service-process.js'
import { call } from './api-fixture.js'

const FILTER_ID = 11
const VENDOR_SPECIFIC = 26
const ARUBA = 14823
const ARUBA_USER_ROLE = 1

describe('a registered NAS vendor reaches the RadSec replies', () => {
  let dir: string
  let svc: ServiceProcess | undefined
  let api: { api: { url: string }; caPem: string }
  let token: string
  let radsecPort: number
  let socket: TLSSocket | undefined

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nac-nas-vendor-'))
    const started = await startEmbedded(dir)
    svc = started.svc
    radsecPort = started.ports.radsec
    api = { api: { url: `https://127.0.0.1:${started.ports.api}` }, caPem: readFileSync(join(dir, 'demo', 'api-ca.pem'), 'utf8') }
    token = readFileSync(join(dir, 'demo', 'admin-token'), 'utf8').trim()
  })
  afterAll(async () => {
    socket?.destroy()
    await svc?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  async function connect(): Promise<TLSSocket> {
    const demo = join(dir, 'demo')
    const s = tlsConnect({ host: '127.0.0.1', port: radsecPort, cert: readFileSync(join(demo, 'nas.pem')), key: readFileSync(join(demo, 'nas-key.pem')), ca: readFileSync(join(demo, 'radsec-ca.pem')), servername: 'localhost' })
    await new Promise<void>((resolve, reject) => { s.once('secureConnect', () => resolve()); s.once('error', reject) })
    return s
  }

  let id = 0
  /** One MAB round over RadSec; the reply's attributes. */
  async function mab(): Promise<{ code: number; attributes: RawAttribute[] }> {
    socket ??= await connect()
    const s = socket
    const p = encodePacket({ code: Code.AccessRequest, identifier: ++id % 256, authenticator: randomAuthenticator(), attributes: mabAttributes('020000000001') })
    signRequest(p, Buffer.from('radsec'))
    const framer = new RadSecFramer()
    const reply = new Promise<Buffer>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        const { frames, error } = framer.push(chunk)
        if (error !== undefined) reject(new Error(`bad frame ${error}`))
        const frame = frames[0]
        if (frame === undefined) return
        s.off('data', onData)
        resolve(frame)
      }
      s.on('data', onData)
      setTimeout(() => { s.off('data', onData); reject(new Error('no RadSec reply')) }, 5000).unref()
    })
    s.write(p)
    const d = decodePacket(await reply)
    if (!d.ok) throw new Error(`undecodable reply: ${d.reason}`)
    return { code: d.value.code, attributes: d.value.attributes }
  }

  const roleAs = (attrs: RawAttribute[]): string => {
    const filterId = attrs.find((a) => a.type === FILTER_ID)
    if (filterId !== undefined) return `filter-id:${filterId.value.toString()}`
    for (const a of attrs.filter((x) => x.type === VENDOR_SPECIFIC)) {
      // RFC 2865 §5.26: Vendor-Id (4 octets), then vendor type, vendor length, value.
      if (a.value.readUInt32BE(0) === ARUBA && a.value[4] === ARUBA_USER_ROLE) return `aruba-user-role:${a.value.subarray(6).toString()}`
    }
    return 'none'
  }

  it('answers in the IETF dialect, then Aruba once the NAS is registered as Aruba, then IETF once removed', async () => {
    // The demo MAB rule also assigns a role, so the reply carries one.
    const labels = await call(api, 'POST', '/api/v1/orgs/demo/labels', { token, body: { name: 'lobby-role', type: 'role', role: 'lobby', allowEndpointOverride: false } })
    expect(labels.status, labels.text).toBe(201)
    const rules = (await call(api, 'GET', '/api/v1/orgs/demo/rules', { token })).json as { items: Array<Record<string, unknown>> }
    const items = rules.items.map((r) => (r['name'] === 'IoT by MAB' ? { ...r, assign: [...(r['assign'] as string[]), 'lobby-role'] } : r))
    expect((await call(api, 'PUT', '/api/v1/orgs/demo/rules', { token, body: items })).status).toBe(200)
    await expect.poll(async () => roleAs((await mab()).attributes), { timeout: 20_000 }).toBe('filter-id:lobby')

    const reg = await call(api, 'PUT', '/api/v1/orgs/demo/nas-devices/demo-nas', { token, body: { site: 'hq', vendor: 'aruba' } })
    expect(reg.status, reg.text).toBe(200)
    await expect.poll(async () => roleAs((await mab()).attributes), { timeout: 20_000 }).toBe('aruba-user-role:lobby')
    const accepted = await mab()
    expect(accepted.code).toBe(Code.AccessAccept)
    expect(accepted.attributes.some((a) => a.type === FILTER_ID)).toBe(false)

    // Removed: the NAS is unknown again, so IETF.
    expect((await call(api, 'DELETE', '/api/v1/orgs/demo/nas-devices/demo-nas', { token })).status).toBe(200)
    await expect.poll(async () => roleAs((await mab()).attributes), { timeout: 20_000 }).toBe('filter-id:lobby')
  })
})
