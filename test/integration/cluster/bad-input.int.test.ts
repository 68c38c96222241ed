// Bad input against the running service (the embedded default on free ports): random datagrams,
// random RADIUS-framed garbage over RadSec, replays, an unframeable stream. Each is dropped and
// counted; the service keeps answering, and one bad connection never costs another its service.
import { createSocket } from 'node:dgram'
import { randomBytes, randomInt } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect as tlsConnect, type TLSSocket } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Code, RadSecFramer, decodePacket, encodePacket, randomAuthenticator, signRequest } from '../../../proto/radius/index.js'
import { mabAttributes, UdpNas } from '../../support/radius-udp-client.js'
import { startEmbedded } from '../../support/embedded.js'
import { readCounters, type ServiceProcess } from '../../support/service-process.js'

describe('bad input', () => {
  let dataDir: string
  let svc: ServiceProcess
  let ports: { radsec: number; auth: number; acct: number }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'nac-bad-'))
    const started = await startEmbedded(dataDir)
    svc = started.svc
    ports = started.ports
  })

  afterAll(async () => {
    await svc?.stop()
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true })
  })

  async function demoAnswered(): Promise<void> {
    const nas = new UdpNas({ host: '127.0.0.1', port: ports.auth, secret: 'testing123', timeoutMs: 1000, retries: 2 })
    await nas.bind()
    try {
      const a = await nas.request(mabAttributes('020000000001'))
      expect(a?.code).toBe(Code.AccessAccept)
      expect(a?.vlan).toBe('100')
    } finally {
      nas.close()
    }
  }

  it('random datagrams to both UDP ports: dropped and counted, service unharmed', async () => {
    const s = createSocket('udp4')
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()))
    const sent = 3000
    for (let i = 0; i < sent; i++) {
      // Mostly plausible headers (codes 1 and 4, lengths that agree or not), some pure noise.
      const len = randomInt(0, i % 10 === 0 ? 6000 : 300)
      const b = randomBytes(len)
      if (len >= 4 && i % 2 === 0) {
        b[0] = i % 4 === 0 ? Code.AccessRequest : Code.AccountingRequest
        b.writeUInt16BE(i % 3 === 0 ? len : randomInt(0, 5000), 2)
      }
      s.send(b, i % 2 === 0 ? ports.auth : ports.acct, '127.0.0.1')
      // Paced so the kernel's socket buffer does not overflow: every datagram should reach the gateway.
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 2))
    }
    s.close()
    await new Promise((r) => setTimeout(r, 500))
    const c = await readCounters(svc)
    const drops = Object.entries(c).filter(([k]) => k.startsWith('drop.')).reduce((n, [, v]) => n + v, 0)
    // Every datagram is dropped by a named reason (a rare one may still be lost by the kernel).
    expect(drops).toBeGreaterThanOrEqual(sent * 0.99)
    expect(drops).toBeLessThanOrEqual(sent)
    expect(c['reply.accept'] ?? 0).toBe(0)
    await demoAnswered()
  })

  it('a replayed request gets the very same reply, and the actor is asked once', async () => {
    const s = createSocket('udp4')
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()))
    const p = encodePacket({ code: Code.AccessRequest, identifier: 42, authenticator: randomAuthenticator(), attributes: mabAttributes('020000000001') })
    signRequest(p, Buffer.from('testing123'))
    const replies: Buffer[] = []
    s.on('message', (m) => replies.push(m))
    const before = await readCounters(svc)
    s.send(p, ports.auth, '127.0.0.1')
    await new Promise((r) => setTimeout(r, 300))
    s.send(p, ports.auth, '127.0.0.1')
    await new Promise((r) => setTimeout(r, 300))
    s.close()
    expect(replies).toHaveLength(2)
    expect(replies[1]!.equals(replies[0]!)).toBe(true)
    const after = await readCounters(svc)
    expect((after['duplicate.replayed'] ?? 0) - (before['duplicate.replayed'] ?? 0)).toBe(1)
    expect((after['reply.accept'] ?? 0) - (before['reply.accept'] ?? 0)).toBe(1)
  })

  function connect(): Promise<TLSSocket> {
    const demo = join(dataDir, 'demo')
    const s = tlsConnect({ host: '127.0.0.1', port: ports.radsec, cert: readFileSync(join(demo, 'nas.pem')), key: readFileSync(join(demo, 'nas-key.pem')), ca: readFileSync(join(demo, 'radsec-ca.pem')), servername: 'localhost' })
    return new Promise((resolve, reject) => { s.once('secureConnect', () => resolve(s)); s.once('error', reject) })
  }

  function validRequest(id: number): Buffer {
    const p = encodePacket({ code: Code.AccessRequest, identifier: id, authenticator: randomAuthenticator(), attributes: mabAttributes('020000000001') })
    signRequest(p, Buffer.from('radsec'))
    return p
  }

  it('RadSec: framed garbage is dropped and the connection keeps serving; an unframeable stream closes only its own connection', async () => {
    const a = await connect()
    const b = await connect()
    const framer = new RadSecFramer()
    const repliesA: Buffer[] = []
    a.on('data', (d: Buffer) => repliesA.push(...framer.push(d).frames))
    const before = await readCounters(svc)
    for (let i = 0; i < 500; i++) {
      // Well framed, random inside; the first attribute's length (1) makes each one malformed
      // (RFC 2865 §5: "Length ... indicates the length of this Attribute including the Type,
      // Length and Value fields"), so none is a valid request by chance.
      const len = randomInt(22, 4097)
      const g = randomBytes(len)
      g[0] = [Code.AccessRequest, Code.AccountingRequest, Code.StatusServer, 99][i % 4]!
      g.writeUInt16BE(len, 2)
      g[21] = 1
      a.write(g)
    }
    a.write(validRequest(200))
    const until = Date.now() + 5000
    while (repliesA.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
    expect(repliesA.map((r) => { const d = decodePacket(r); return d.ok ? [d.value.identifier, d.value.code] : [] })).toEqual([[200, Code.AccessAccept]])
    const mid = await readCounters(svc)
    const drops = (c: Record<string, number>): number => Object.entries(c).filter(([k]) => k.startsWith('drop.')).reduce((n, [, v]) => n + v, 0)
    expect(drops(mid) - drops(before)).toBe(500)

    const closed = new Promise<void>((r) => b.once('close', () => r()))
    const bad = Buffer.alloc(20)
    bad[0] = Code.AccessRequest
    bad.writeUInt16BE(0xffff, 2) // RFC 2865 §3: at most 4096; no way to find the next packet
    b.write(bad)
    await closed
    // Connection a is untouched by b's fate.
    repliesA.length = 0
    a.write(validRequest(201))
    const until2 = Date.now() + 5000
    while (repliesA.length === 0 && Date.now() < until2) await new Promise((r) => setTimeout(r, 20))
    expect(repliesA).toHaveLength(1)
    a.destroy()
    const c = await readCounters(svc)
    expect(c['radsec.closed.LENGTH_TOO_LONG']).toBe(1)
  })
})
