// PSK resumption of the lean TLS 1.3 client (RFC 8446 §2.2, §4.2.11, §4.6.1; RFC 9190 §2.1.3)
// against a real node:tls server (OpenSSL, a tls.Server given an in-memory duplex, ticketKeys so
// that it issues tickets): a full handshake keeps the ticket and its PSK; the next one resumes
// (OpenSSL's isSessionReused(), no certificates, the exporter equal to the server's); of several
// tickets the newest is kept; a tampered binder is refused by the server (OpenSSL checks
// it, §4.2.11.2) and ends cleanly; a garbage ticket and a hash mismatch fall back to a full handshake.
import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer, type Server } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeEapPki, type EapPkiFiles } from '../../../bench/peers/freeradius/eap-pki.js'
import { LABEL, ServerEnd, TYPE_CODE } from './tls13-server-end.js'
import { Tls13Client, TrustStore, splitPem, type Tls13ClientOptions, type Tls13Session } from '../../../bench/supplicant/tls13/index.js'

let dir: string
let pki: EapPkiFiles

function server(o: { ciphersuites?: string; ecdhCurve?: string } = {}): Server {
  const s = createServer({
    cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey), ca: readFileSync(pki.clientCa),
    minVersion: 'TLSv1.3', requestCert: true, rejectUnauthorized: true, ticketKeys: randomBytes(48),
    ...(o.ciphersuites === undefined ? {} : { ciphers: o.ciphersuites }), ...(o.ecdhCurve === undefined ? {} : { ecdhCurve: o.ecdhCurve }),
  })
  s.on('tlsClientError', () => { /* read by ServerEnd */ })
  return s
}

function client(o: Partial<Tls13ClientOptions> = {}): Tls13Client {
  return new Tls13Client({
    servername: pki.serverName, trust: TrustStore.fromPem(readFileSync(pki.serverCa)),
    clientKey: createPrivateKey(readFileSync(pki.clientKey)), clientChain: splitPem(readFileSync(pki.clientCert, 'utf8')).map((p) => new X509Certificate(p).raw),
    ...o,
  })
}

/** Runs the handshake, and reads what the server sends after the client's Finished (its tickets). */
async function handshake(c: Tls13Client, end: ServerEnd, tamperHello: (b: Buffer) => Buffer = (b) => b): Promise<void> {
  let out = tamperHello(c.exchangeSync())
  for (let i = 0; i < 8; i++) {
    const reply = await end.feed(out)
    if (reply.length === 0) break
    out = c.exchangeSync(reply)
  }
  await end.feed(out)
}

/** A full handshake on `s`, whose newest ticket is returned. */
async function firstSession(s: Server, o: Partial<Tls13ClientOptions> = {}): Promise<Tls13Session> {
  const end = new ServerEnd(s)
  const c = client(o)
  try {
    await handshake(c, end)
    expect(c.error).toBeUndefined()
    expect(c.resumed).toBe(false)
    expect(end.socket?.isSessionReused()).toBe(false)
    expect(c.tickets).toBeGreaterThan(0)
    expect(c.session).toBeDefined()
    return c.session as Tls13Session
  } finally {
    c.destroy(); end.close()
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tls13-resumption-'))
  pki = makeEapPki(dir)
})

afterAll(() => { if (dir !== undefined) rmSync(dir, { recursive: true, force: true }) })

describe('lean TLS 1.3 client: PSK resumption against node:tls', () => {
  for (const suite of ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384']) {
    it(`${suite}: the second handshake resumes, without certificates; the exporter is the server's`, async () => {
      const s = server({ ciphersuites: suite })
      try {
        const session = await firstSession(s)
        expect(session.psk.length).toBe(suite.endsWith('SHA384') ? 48 : 32)
        const end = new ServerEnd(s)
        const c = client({ session })
        try {
          await handshake(c, end)
          expect(c.error).toBeUndefined()
          expect(c.secure).toBe(true)
          expect(c.resumed).toBe(true)
          expect(end.socket?.isSessionReused()).toBe(true)
          // §4.6.1 / RFC 9190 §2.1.3: the client certificate is not sent again; the session carries the identity.
          expect(end.socket?.getCipher().standardName).toBe(suite)
          expect(c.exportKeyingMaterial(128, LABEL, TYPE_CODE)).toEqual(end.socket?.exportKeyingMaterial(128, LABEL, TYPE_CODE))
          expect(c.takeAppData()).toEqual(Buffer.from([0]))
          // node:tls decrypts its tickets without asking OpenSSL to renew them (its ticket key
          // callback returns 1), so OpenSSL sends no new ticket after a resumption.
          expect(c.tickets).toBe(0)
          expect(c.session).toBeUndefined()
        } finally {
          c.destroy(); end.close()
        }
      } finally {
        s.close()
      }
    })
  }

  it('of the tickets of one connection the newest is kept (OpenSSL: two, nonces 0 and 1), and resumes again and again', async () => {
    const s = server()
    try {
      let session = await firstSession(s)
      // OpenSSL's ticket_nonce is the ticket's sequence number in the connection, 8 octets.
      expect(session.nonce).toEqual(Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]))
      for (let i = 0; i < 3; i++) {
        const end = new ServerEnd(s)
        const c = client({ session })
        try {
          await handshake(c, end)
          expect(c.error).toBeUndefined()
          expect(c.resumed).toBe(true)
          expect(end.socket?.isSessionReused()).toBe(true)
          // As the scenario does: a new ticket if the server gave one, else the one that resumed.
          session = c.session ?? session
        } finally {
          c.destroy(); end.close()
        }
      }
    } finally {
      s.close()
    }
  })

  it('resumes after a HelloRetryRequest (the binder over message_hash, HRR and ClientHello2)', async () => {
    const s = server({ ecdhCurve: 'P-256' })
    try {
      const session = await firstSession(s)
      const end = new ServerEnd(s)
      const c = client({ session })
      try {
        await handshake(c, end)
        expect(c.error).toBeUndefined()
        expect(c.helloRetried).toBe(true)
        expect(c.resumed).toBe(true)
        expect(end.socket?.isSessionReused()).toBe(true)
        expect(c.exportKeyingMaterial(64, LABEL, TYPE_CODE)).toEqual(end.socket?.exportKeyingMaterial(64, LABEL, TYPE_CODE))
      } finally {
        c.destroy(); end.close()
      }
    } finally {
      s.close()
    }
  })

  it('a tampered binder is refused by the server; the client ends cleanly', async () => {
    const s = server()
    try {
      const session = await firstSession(s)
      const end = new ServerEnd(s)
      const c = client({ session })
      try {
        // The binder is the last octets of the ClientHello record (pre_shared_key is the last extension).
        await expect(handshake(c, end, (b) => { const t = Buffer.from(b); t[t.length - 1] = (t[t.length - 1] as number) ^ 1; return t })).resolves.toBeUndefined()
        expect(end.socket).toBeUndefined()
        expect(end.serverError?.message).toMatch(/binder/i)
        expect(c.secure).toBe(false)
        expect(c.resumed).toBe(false)
        // OpenSSL's alert (its own choice among decrypt_error and illegal_parameter); the client ends without a throw.
        expect(c.error?.message).toMatch(/^peer_alert: received alert /)
        expect(c.state).toBe('FAILED')
      } finally {
        c.destroy(); end.close()
      }
    } finally {
      s.close()
    }
  })

  it('an unknown ticket (garbage, or another server\'s keys) falls back to a full handshake', async () => {
    const s = server()
    const other = server()
    try {
      const session = await firstSession(s)
      const foreign = await firstSession(other)
      for (const offered of [{ ...session, ticket: randomBytes(session.ticket.length) }, { ...session, ticket: randomBytes(7) }, foreign]) {
        const end = new ServerEnd(s)
        const c = client({ session: offered })
        try {
          await handshake(c, end)
          expect(c.error).toBeUndefined()
          expect(c.secure).toBe(true)
          expect(c.resumed).toBe(false)
          expect(end.socket?.isSessionReused()).toBe(false)
          expect(end.socket?.authorized).toBe(true)
          expect(c.exportKeyingMaterial(64, LABEL, TYPE_CODE)).toEqual(end.socket?.exportKeyingMaterial(64, LABEL, TYPE_CODE))
          expect(c.session).toBeDefined()
        } finally {
          c.destroy(); end.close()
        }
      }
    } finally {
      s.close(); other.close()
    }
  })

  it('an expired ticket or one for another name is not offered', async () => {
    const s = server()
    try {
      const session = await firstSession(s)
      for (const offered of [{ ...session, receivedAt: session.receivedAt - (session.lifetime + 1) * 1000 }, { ...session, servername: 'other.example' }]) {
        const end = new ServerEnd(s)
        const c = client({ session: offered })
        try {
          await handshake(c, end)
          expect(c.error).toBeUndefined()
          expect(c.resumed).toBe(false)
          expect(end.socket?.isSessionReused()).toBe(false)
        } finally {
          c.destroy(); end.close()
        }
      }
    } finally {
      s.close()
    }
  })

  it('keepSession false: tickets are read, none kept', async () => {
    const s = server()
    const end = new ServerEnd(s)
    const c = client({ keepSession: false })
    try {
      await handshake(c, end)
      expect(c.error).toBeUndefined()
      expect(c.tickets).toBeGreaterThan(0)
      expect(c.session).toBeUndefined()
    } finally {
      c.destroy(); end.close(); s.close()
    }
  })
})
