// The demo contract with real peers: the embedded default (`nac run`, as the README's first
// command starts it) on free ports; radclient over RADIUS/UDP, and radclient → radsecproxy →
// gateway over RadSec with mutual TLS, using the files the run command writes under .data/demo/.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect as tlsConnect, type TLSSocket } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  Attr, Code, MESSAGE_AUTHENTICATOR_PLACEHOLDER, RadSecFramer, decodePacket, encodePacket, findAttribute, randomAuthenticator, signRequest,
} from '../../proto/radius/index.js'
import { jetstreamManager } from '@nats-io/jetstream'
import { connectNats } from '../../actors/runtime/index.js'
import { decodeAccountingRecord } from '../../ops/cluster/jetstream-accounting-sink.js'
import { opensslCa, opensslLeaf, CLIENT_EXT } from '../support/openssl-pki.js'
import { radclient, requirePeer, startRadsecproxy, type Radsecproxy } from '../support/peers.js'
import { startEmbedded } from '../support/embedded.js'
import { readEvents } from '../support/nac-events.js'
import { readCounters, type ServiceProcess } from '../support/service-process.js'

const KNOWN = 'User-Name = "02:00:00:00:00:01", Calling-Station-Id = "02-00-00-00-00-01", NAS-Port-Type = Ethernet, Message-Authenticator = 0x00\n'
const UNKNOWN = 'User-Name = "02:00:00:00:00:99", Calling-Station-Id = "02-00-00-00-00-99", NAS-Port-Type = Ethernet, Message-Authenticator = 0x00\n'

describe('demo org over radclient and radsecproxy', () => {
  let dataDir: string
  let svc: ServiceProcess
  let rp: Radsecproxy
  let ports: { radsec: number; auth: number; acct: number; nats: number }
  let rpPort: number

  beforeAll(async () => {
    requirePeer('radclient', 'freeradius-utils')
    requirePeer('radsecproxy', 'radsecproxy')
    dataDir = mkdtempSync(join(tmpdir(), 'nac-demo-'))
    const started = await startEmbedded(dataDir)
    svc = started.svc
    rpPort = started.ports.radsecproxy
    ports = started.ports
    rp = await startRadsecproxy(join(dataDir, 'demo', 'radsecproxy.conf'), /tlsconnect: TLS connection to .* up|Radsecproxy .* starting|started/i)
  })

  afterAll(async () => {
    await rp?.stop()
    await svc?.stop()
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true })
  })

  it('UDP: Access-Accept with Tunnel-Private-Group-Id 100 for the demo endpoint', async () => {
    const r = await radclient(`127.0.0.1:${ports.auth}`, 'auth', 'testing123', KNOWN)
    expect(r.stdout).toMatch(/Received Access-Accept/)
    expect(r.stdout).toMatch(/Tunnel-Private-Group-Id(:0)? = "100"/)
    expect(r.stdout).toMatch(/Tunnel-Type(:0)? = VLAN/)
    expect(r.stdout).toMatch(/Message-Authenticator = 0x/)
  })

  it('UDP: Access-Reject for an unknown MAC', async () => {
    const r = await radclient(`127.0.0.1:${ports.auth}`, 'auth', 'testing123', UNKNOWN)
    expect(r.stdout).toMatch(/Received Access-Reject/)
  })

  it('NAC events: Access Allowed with rule and VLAN, Access Denied by the implicit last rule (requirements §7.2)', async () => {
    const events = await readEvents(`nats://127.0.0.1:${ports.nats}`, 'demo', (es) => es.some((e) => e.mac === '020000000099'))
    const allowed = events.find((e) => e.mac === '020000000001' && e.type === 'NAC Client Access Allowed')
    expect(allowed).toMatchObject({ polarity: 'positive', authType: 'MAB', authRule: 'IoT by MAB', vlan: '100', portType: 'Wired', nas: { id: 'loopback', transport: 'udp' } })
    const denied = events.find((e) => e.mac === '020000000099')
    expect(denied).toMatchObject({ type: 'NAC Client Access Denied', polarity: 'negative', authType: 'MAB', reason: 'implicit_deny' })
    expect(denied?.vlan).toBeUndefined()
  })

  it('UDP: Status-Server answered with Access-Accept (RFC 5997)', async () => {
    const r = await radclient(`127.0.0.1:${ports.auth}`, 'status', 'testing123', 'Message-Authenticator = 0x00\n')
    expect(r.stdout).toMatch(/Received Access-Accept/)
  })

  it('UDP: an Access-Request without Message-Authenticator is dropped and counted (BlastRADIUS)', async () => {
    const before = (await readCounters(svc))['drop.missing_message_authenticator'] ?? 0
    const r = await radclient(`127.0.0.1:${ports.auth}`, 'auth', 'testing123', KNOWN.replace(', Message-Authenticator = 0x00', ''), ['-r', '1', '-t', '1'])
    expect(r.stdout + r.stderr).toMatch(/No reply/)
    expect((await readCounters(svc))['drop.missing_message_authenticator']).toBeGreaterThan(before)
  })

  it('UDP: a wrong shared secret gets no answer', async () => {
    const r = await radclient(`127.0.0.1:${ports.auth}`, 'auth', 'not-the-secret', KNOWN, ['-r', '1', '-t', '1'])
    expect(r.stdout + r.stderr).toMatch(/No reply/)
  })

  it('UDP: Accounting-Request answered only after the record is in the accounting stream (RFC 2866 §2)', async () => {
    const r = await radclient(`127.0.0.1:${ports.acct}`, 'acct', 'testing123',
      'Acct-Status-Type = Start, Acct-Session-Id = "interop-1", User-Name = "02:00:00:00:00:01", Calling-Station-Id = "02-00-00-00-00-01"\n')
    expect(r.stdout).toMatch(/Received Accounting-Response/)
    const nc = await connectNats({ servers: `nats://127.0.0.1:${(svc.ready['ports'] as { nats: number }).nats}`, name: 'interop' })
    try {
      const jsm = await jetstreamManager(nc)
      const last = await jsm.streams.getMessage('accounting', { last_by_subj: 'nac.accounting.demo' })
      const rec = decodeAccountingRecord(last!.data)
      expect(rec.org).toBe('demo')
      expect(rec.clientKey).toBe('demo.020000000001')
      const d = decodePacket(Buffer.from(rec.packet))
      expect(d.ok && findAttribute(d.value, Attr.AcctSessionId)?.value.toString()).toBe('interop-1')
    } finally {
      await nc.close()
    }
  })

  it('RadSec through radsecproxy: Accept with VLAN 100, Reject for an unknown MAC', async () => {
    const ok = await radclient(`127.0.0.1:${rpPort}`, 'auth', 'testing123', KNOWN)
    expect(ok.stdout).toMatch(/Received Access-Accept/)
    expect(ok.stdout).toMatch(/Tunnel-Private-Group-Id(:0)? = "100"/)
    const no = await radclient(`127.0.0.1:${rpPort}`, 'auth', 'testing123', UNKNOWN)
    expect(no.stdout).toMatch(/Received Access-Reject/)
    const c = await readCounters(svc)
    expect(c['radsec.connections']).toBeGreaterThanOrEqual(1)
  })

  it('RadSec through radsecproxy: Status-Server is answered by the proxy, and the proxy\'s own Status-Server by the gateway', async () => {
    // radsecproxy answers a client's Status-Server itself (RFC 5997 §4: a proxy does not forward
    // it); with "StatusServer on" it probes the gateway with its own, over the RadSec connection.
    const r = await radclient(`127.0.0.1:${rpPort}`, 'status', 'testing123', 'Message-Authenticator = 0x00\n')
    expect(r.stdout).toMatch(/Received Access-Accept/)
    const until = Date.now() + 60_000
    while (!/got status server response from nac-gateway/.test(rp.log()) && Date.now() < until) await new Promise((r) => setTimeout(r, 250))
    expect(rp.log()).toMatch(/got status server response from nac-gateway/)
    expect((await readCounters(svc))['status_server.answered']).toBeGreaterThanOrEqual(1)
  })

  function connectNas(cert: string, key: string, maxVersion: 'TLSv1.2' | 'TLSv1.3' = 'TLSv1.3'): TLSSocket {
    return tlsConnect({ host: '127.0.0.1', port: ports.radsec, cert: readFileSync(cert), key: readFileSync(key), ca: readFileSync(join(dataDir, 'demo', 'radsec-ca.pem')), servername: 'localhost', maxVersion })
  }

  function statusServer(): Buffer {
    const p = encodePacket({ code: Code.StatusServer, identifier: 7, authenticator: randomAuthenticator(), attributes: [MESSAGE_AUTHENTICATOR_PLACEHOLDER] })
    signRequest(p, Buffer.from('radsec'))
    return p
  }

  it('RadSec: a NAS certificate from an unknown CA is refused at the handshake (TLS 1.2 and 1.3)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nac-foreign-'))
    try {
      // Same org name as the demo, another CA: the subject alone must never be enough.
      const ca = opensslCa(dir, 'foreign-ca', '/O=demo/CN=foreign CA')
      const nas = opensslLeaf(dir, ca, 'nas', '/O=demo/OU=hq/CN=intruder', CLIENT_EXT)
      const before = await readCounters(svc)
      const attempt = (v: 'TLSv1.2' | 'TLSv1.3') => new Promise<{ secure: boolean; error: string | undefined; replies: number }>((resolve) => {
        const s = connectNas(nas.cert, nas.key, v)
        const r = { secure: false, error: undefined as string | undefined, replies: 0 }
        // TLS 1.3: the client sends its certificate after it considers the handshake done, so
        // it learns of the refusal only when the server closes; TLS 1.2 fails before that.
        s.on('secureConnect', () => { r.secure = true; s.write(statusServer()) })
        s.on('data', () => r.replies++)
        s.on('error', (e) => { r.error = e.message })
        s.on('close', () => resolve(r))
      })
      const tls12 = await attempt('TLSv1.2')
      expect(tls12.secure).toBe(false)
      expect(tls12.error).toMatch(/before secure TLS connection was established/)
      const tls13 = await attempt('TLSv1.3')
      expect(tls13.replies).toBe(0)
      const after = await readCounters(svc)
      expect((after['radsec.handshake_failed'] ?? 0) - (before['radsec.handshake_failed'] ?? 0)).toBe(2)
      expect(after['radsec.connections']).toBe(before['radsec.connections'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('RadSec: Status-Server from a NAS with the demo certificate is answered by the gateway', async () => {
    const demo = join(dataDir, 'demo')
    const s = connectNas(join(demo, 'nas.pem'), join(demo, 'nas-key.pem'))
    const framer = new RadSecFramer()
    const reply = await new Promise<Buffer>((resolve, reject) => {
      s.once('secureConnect', () => s.write(statusServer()))
      s.on('data', (d: Buffer) => { const f = framer.push(d).frames[0]; if (f !== undefined) resolve(f) })
      s.once('error', reject)
    })
    s.destroy()
    const d = decodePacket(reply)
    expect(d.ok && d.value.code).toBe(Code.AccessAccept)
    expect(d.ok && d.value.identifier).toBe(7)
  })

  it('RadSec: a packet with a wrong Message-Authenticator is dropped and counted; the connection goes on serving', async () => {
    const demo = join(dataDir, 'demo')
    const s = connectNas(join(demo, 'nas.pem'), join(demo, 'nas-key.pem'))
    await new Promise<void>((resolve, reject) => { s.once('secureConnect', () => resolve()); s.once('error', reject) })
    const framer = new RadSecFramer()
    const replies: Buffer[] = []
    s.on('data', (d: Buffer) => replies.push(...framer.push(d).frames))
    const request = (id: number): Buffer => {
      const p = encodePacket({ code: Code.AccessRequest, identifier: id, authenticator: randomAuthenticator(), attributes: [
        MESSAGE_AUTHENTICATOR_PLACEHOLDER,
        { type: Attr.UserName, value: Buffer.from('020000000001') },
        { type: Attr.CallingStationId, value: Buffer.from('02-00-00-00-00-01') },
      ] })
      signRequest(p, Buffer.from('radsec'))
      return p
    }
    const before = (await readCounters(svc))['drop.bad_message_authenticator'] ?? 0
    const forged = request(1)
    forged[forged.length - 1]! ^= 0xff // an attribute byte changed after signing: the HMAC no longer holds
    s.write(forged)
    s.write(request(2))
    const until = Date.now() + 5000
    while (replies.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
    await new Promise((r) => setTimeout(r, 300))
    s.destroy()
    expect(replies.length).toBe(1)
    const d = decodePacket(replies[0]!)
    expect(d.ok && d.value.identifier).toBe(2)
    expect(d.ok && d.value.code).toBe(Code.AccessAccept)
    expect(d.ok && findAttribute(d.value, Attr.TunnelPrivateGroupId)?.value.toString()).toBe('100')
    expect((await readCounters(svc))['drop.bad_message_authenticator']).toBe(before + 1)
  })
})
