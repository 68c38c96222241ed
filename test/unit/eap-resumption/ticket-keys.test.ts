// TicketKeyRing on real node:tls (OpenSSL) over loopback TCP: a session issued under one ring
// resumes under another ring holding the same generations (another actor node), TLS 1.2 (RFC
// 5077) and 1.3 (RFC 8446 §2.2); the previous generation still decrypts after a rotation; an
// unknown generation or another org's keys mean a full handshake; the resumed server still sees
// the client's leaf certificate (RFC 5216 §2.1.2: authorization is checked again).
import { randomBytes } from 'node:crypto'
import { createServer, connect as netConnect, type Socket } from 'node:net'
import { TLSSocket, connect, createSecureContext, type SecureContext } from 'node:tls'
import { describe, expect, it } from 'vitest'
import { TicketKeyRing, type TicketKeySeed } from '../../../actors/client/eap/ticket-keys.js'
import { createEcCa, issueEcCertificate } from '../../../workers/tasks/ec-certificate.js'

const ca = createEcCa({ commonName: 'test CA', validDays: 10 })
const server = issueEcCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, subject: { CN: 'auth.test' }, sans: { dns: ['auth.test'] }, usage: 'server', validDays: 10 })
const client = issueEcCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, subject: { CN: 'device-1' }, sans: { dns: ['device-1'] }, usage: 'client', validDays: 10 })
const clusterKey = randomBytes(32)
const gen = (createdAt: number): TicketKeySeed => ({ id: String(createdAt), seed: randomBytes(32), createdAt })

function context(ring: TicketKeyRing, org: string): SecureContext {
  const ctx = createSecureContext({ cert: server.certPem, key: server.keyPem, minVersion: 'TLSv1.2', sessionIdContext: org })
  expect(ring.install(ctx, org)).toBe(true)
  return ctx
}

async function handshake(ctx: SecureContext, version: 'TLSv1.2' | 'TLSv1.3', session?: Buffer): Promise<{ reused: boolean; peerCn: unknown; session: Buffer | undefined }> {
  let accept!: (s: Socket) => void
  const accepted = new Promise<Socket>((r) => { accept = r })
  const srv = createServer((s) => accept(s))
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const port = (srv.address() as { port: number }).port
  const raw = netConnect(port, '127.0.0.1')
  const sock = await accepted
  srv.close()
  const tlsServer = new TLSSocket(sock, { isServer: true, secureContext: ctx, requestCert: true, rejectUnauthorized: false })
  const serverDone = new Promise<{ reused: boolean; peerCn: unknown }>((resolve, reject) => {
    tlsServer.once('secure', () => resolve({ reused: tlsServer.isSessionReused(), peerCn: tlsServer.getPeerCertificate().subject?.CN }))
    tlsServer.once('error', reject)
  })
  const sessions: Buffer[] = []
  const c = connect({ socket: raw, cert: client.certPem, key: client.keyPem, rejectUnauthorized: false, minVersion: version, maxVersion: version, ...(session === undefined ? {} : { session }) })
  c.on('session', (s: Buffer) => sessions.push(s))
  c.on('data', () => {})
  await new Promise<void>((resolve, reject) => { c.once('secureConnect', resolve); c.once('error', reject) })
  const r = await serverDone
  // TLS 1.3 tickets come after the handshake.
  for (let i = 0; i < 50 && sessions.length === 0; i++) await new Promise((res) => setTimeout(res, 10))
  c.destroy()
  tlsServer.destroy()
  return { ...r, session: sessions[0] }
}

describe('TicketKeyRing', () => {
  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`${version}: a ticket from node A resumes on node B; the leaf is still there`, async () => {
      const g = [gen(1)]
      const a = new TicketKeyRing(clusterKey)
      const b = new TicketKeyRing(clusterKey)
      a.set(g)
      b.set(g)
      const first = await handshake(context(a, 'demo'), version)
      expect(first.reused).toBe(false)
      expect(first.session).toBeDefined()
      const second = await handshake(context(b, 'demo'), version, first.session)
      expect(second.reused).toBe(true)
      expect(second.peerCn).toBe('device-1')
    })

    it(`${version}: after a rotation the previous generation decrypts (renewed); a dropped one does not`, async () => {
      const [g1, g2, g3] = [gen(1), gen(2), gen(3)]
      const counts: string[] = []
      const a = new TicketKeyRing(clusterKey)
      a.set([g1])
      const first = await handshake(context(a, 'demo'), version)
      const b = new TicketKeyRing(clusterKey, (n) => counts.push(n))
      b.set([g2, g1])
      expect((await handshake(context(b, 'demo'), version, first.session)).reused).toBe(true)
      expect(counts).toContain('eap.tls.ticket.previous_key')
      const c = new TicketKeyRing(clusterKey, (n) => counts.push(n))
      c.set([g3, g2])
      expect((await handshake(context(c, 'demo'), version, first.session)).reused).toBe(false)
      expect(counts).toContain('eap.tls.ticket.unknown_key')
    })

    it(`${version}: another org's ticket, or another cluster key, means a full handshake`, async () => {
      const g = [gen(1)]
      const a = new TicketKeyRing(clusterKey)
      a.set(g)
      const first = await handshake(context(a, 'demo'), version)
      expect((await handshake(context(a, 'other'), version, first.session)).reused).toBe(false)
      const foreign = new TicketKeyRing(randomBytes(32))
      foreign.set(g)
      expect((await handshake(context(foreign, 'demo'), version, first.session)).reused).toBe(false)
    })
  }
})
