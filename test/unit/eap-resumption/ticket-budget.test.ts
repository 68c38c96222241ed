// One session ticket per EAP-TLS handshake step (RFC 9190 §2.1.2: "In most cases, a single
// NewSessionTicket will be sufficient"), on real node:tls (OpenSSL): the EAP server's
// TlsServerEngine with the cluster's TicketKeyRing against a node:tls client over an in-memory
// duplex. TLS 1.3 gives the client exactly one ticket (OpenSSL's default is two), and that ticket
// resumes; TLS 1.2 still gets its one RFC 5077 ticket; outside a budget every ticket goes.
import { randomBytes } from 'node:crypto'
import { Duplex } from 'node:stream'
import { connect, createSecureContext, type SecureContext, type TLSSocket } from 'node:tls'
import { describe, expect, it } from 'vitest'
import { takeTicket, withTicketBudget } from '../../../actors/client/eap/ticket-budget.js'
import { TicketKeyRing } from '../../../actors/client/eap/ticket-keys.js'
import { TlsServerEngine } from '../../../actors/client/eap/tls-engine.js'
import { createEcCa, issueEcCertificate } from '../../../workers/tasks/ec-certificate.js'

const ca = createEcCa({ commonName: 'test CA', validDays: 10 })
const server = issueEcCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, subject: { CN: 'auth.test' }, sans: { dns: ['auth.test'] }, usage: 'server', validDays: 10 })
const client = issueEcCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, subject: { CN: 'device-1' }, sans: { dns: ['device-1'] }, usage: 'client', validDays: 10 })

function context(): SecureContext {
  const ring = new TicketKeyRing(randomBytes(32))
  ring.set([{ id: '1', seed: randomBytes(32), createdAt: 1 }])
  const ctx = createSecureContext({ cert: server.certPem, key: server.keyPem, minVersion: 'TLSv1.2', sessionIdContext: 'demo' })
  expect(ring.install(ctx, 'demo')).toBe(true)
  return ctx
}

const turn = (): Promise<void> => new Promise((r) => setImmediate(r))

/**
 * One handshake, relayed flight by flight as EAP-TLS carries it: the client's records go to the
 * engine with feed(), the engine's output back to the client. Returns the tickets the client got.
 */
async function handshake(ctx: SecureContext, version: 'TLSv1.2' | 'TLSv1.3', session?: Buffer): Promise<{ tickets: Buffer[]; resumed: boolean }> {
  const engine = new TlsServerEngine(ctx)
  const fromClient: Buffer[] = []
  const wire = new Duplex({ read() {}, write(chunk: Buffer, _enc, cb) { fromClient.push(Buffer.from(chunk)); cb() } })
  const tickets: Buffer[] = []
  const c: TLSSocket = connect({ socket: wire, cert: client.certPem, key: client.keyPem, rejectUnauthorized: false, minVersion: version, maxVersion: version, ...(session === undefined ? {} : { session }) })
  c.on('session', (s: Buffer) => tickets.push(s))
  c.on('data', () => {})
  let failure: Error | undefined
  c.on('error', (e: Error) => { failure = e })
  try {
    for (let round = 0; round < 10 && !engine.handshakeDone; round++) {
      for (let i = 0; i < 5 && fromClient.length === 0; i++) await turn()
      if (fromClient.length === 0) break
      await engine.feed(Buffer.concat(fromClient.splice(0)))
      expect(engine.error).toBeUndefined()
      const out = engine.takeOutput()
      if (out.length > 0) wire.push(out)
    }
    expect(engine.handshakeDone).toBe(true)
    // The client's Finished went in with the last feed; what the engine wrote since (tickets) is
    // already relayed; give the client a few turns to read it.
    for (let i = 0; i < 10; i++) await turn()
    expect(failure).toBeUndefined()
    return { tickets, resumed: engine.resumed }
  } finally {
    c.destroy()
    engine.destroy()
  }
}

describe('one session ticket per EAP-TLS handshake step', () => {
  it('TLS 1.3: the client gets exactly one ticket, and it resumes', async () => {
    const ctx = context()
    const full = await handshake(ctx, 'TLSv1.3')
    expect(full.resumed).toBe(false)
    expect(full.tickets).toHaveLength(1)
    const again = await handshake(ctx, 'TLSv1.3', full.tickets[0])
    expect(again.resumed).toBe(true)
    // A resumed login gets one fresh ticket (RFC 8446 Appendix C.4: no ticket reuse), which resumes too.
    expect(again.tickets).toHaveLength(1)
    expect(again.tickets[0]?.equals(full.tickets[0]!)).toBe(false)
    const third = await handshake(ctx, 'TLSv1.3', again.tickets[0])
    expect(third.resumed).toBe(true)
  })

  it('TLS 1.2: the one RFC 5077 ticket still comes, and resumes', async () => {
    const ctx = context()
    const full = await handshake(ctx, 'TLSv1.2')
    expect(full.tickets.length).toBeGreaterThanOrEqual(1)
    const again = await handshake(ctx, 'TLSv1.2', full.tickets[0])
    expect(again.resumed).toBe(true)
  })

  it('the budget counts within its synchronous scope only, and nests', () => {
    expect(takeTicket()).toBe(true)
    withTicketBudget(1, () => {
      expect(takeTicket()).toBe(true)
      expect(takeTicket()).toBe(false)
      withTicketBudget(2, () => {
        expect(takeTicket()).toBe(true)
        expect(takeTicket()).toBe(true)
        expect(takeTicket()).toBe(false)
      })
      expect(takeTicket()).toBe(false)
    })
    expect(takeTicket()).toBe(true)
    expect(() => withTicketBudget(1, () => { throw new Error('x') })).toThrow('x')
    expect(takeTicket()).toBe(true)
  })
})
