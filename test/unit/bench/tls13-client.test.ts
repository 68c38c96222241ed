// The lean TLS 1.3 client (bench/supplicant/tls13/) against a real node:tls server (a tls.Server
// given an in-memory duplex as its connection, so its own client-certificate check and
// `authorized` apply) with the bench's openssl PKI (ECDSA P-256, and the RSA-2048 client): the
// handshake with a client certificate the server verifies, each cipher suite, a HelloRetryRequest
// for secp256r1, the exporter equal to the server's (RFC 8446 §7.5, RFC 9190 §2.3), the RFC 9190
// commitment; and failures, each a clean Tls13Error and no throw: another CA, another name, a
// flipped byte, truncated, garbage and oversized input, input split at random points.
import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer, type Server } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeEapPki, opensslEcCa, opensslEcLeaf, type EapPkiFiles } from '../../../bench/peers/freeradius/eap-pki.js'
import { LABEL, ServerEnd, TYPE_CODE } from './tls13-server-end.js'
import { Tls13Client, TrustStore, splitPem, type Tls13ClientOptions } from '../../../bench/supplicant/tls13/index.js'

let dir: string
let pki: EapPkiFiles
let other: { ca: string; cert: string; key: string }

function server(o: { ciphersuites?: string; ecdhCurve?: string; cert?: string; key?: string } = {}): Server {
  // tls.Server does not pass `ciphersuites` on to its context; TLS 1.3 suite names in `ciphers` are taken as TLS 1.3 suites.
  const s = createServer({
    cert: readFileSync(o.cert ?? pki.serverCert), key: readFileSync(o.key ?? pki.serverKey), ca: readFileSync(pki.clientCa),
    minVersion: 'TLSv1.3', requestCert: true, rejectUnauthorized: true,
    ...(o.ciphersuites === undefined ? {} : { ciphers: o.ciphersuites }), ...(o.ecdhCurve === undefined ? {} : { ecdhCurve: o.ecdhCurve }),
  })
  s.on('tlsClientError', () => { /* read by ServerEnd */ })
  return s
}

function client(o: Partial<Tls13ClientOptions> & { rsa?: boolean } = {}): Tls13Client {
  const cert = o.rsa === true ? pki.rsaClientCert : pki.clientCert
  const key = o.rsa === true ? pki.rsaClientKey : pki.clientKey
  return new Tls13Client({
    servername: pki.serverName, trust: TrustStore.fromPem(readFileSync(pki.serverCa)),
    clientKey: createPrivateKey(readFileSync(key)), clientChain: splitPem(readFileSync(cert, 'utf8')).map((p) => new X509Certificate(p).raw),
    ...o,
  })
}

/** Runs the handshake to its end; `tamper` may change each server flight before the client reads it. */
async function handshake(c: Tls13Client, end: ServerEnd, tamper: (b: Buffer, i: number) => Buffer = (b) => b): Promise<void> {
  let out = c.exchangeSync()
  for (let i = 0; i < 6 && (out.length > 0 || i === 0); i++) {
    const reply = await end.feed(out)
    if (reply.length === 0) break
    out = c.exchangeSync(tamper(reply, i))
  }
  await end.feed(out) // the client's last records (its Finished, or an alert)
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tls13-client-'))
  pki = makeEapPki(dir)
  opensslEcCa(dir, 'other-ca', '/O=other/CN=other CA')
  opensslEcLeaf(dir, 'other-ca', 'other-server', `/O=other/CN=${pki.serverName}`, 'serverAuth', pki.serverName)
  other = { ca: join(dir, 'other-ca.pem'), cert: join(dir, 'other-server.pem'), key: join(dir, 'other-server-key.pem') }
})

afterAll(() => { if (dir !== undefined) rmSync(dir, { recursive: true, force: true }) })

describe('lean TLS 1.3 client against node:tls', () => {
  for (const suite of ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']) {
    it(`${suite}: the server verifies the client certificate; exporter and commitment`, async () => {
      const s = server({ ciphersuites: suite })
      const end = new ServerEnd(s)
      const c = client()
      try {
        await handshake(c, end)
        expect(c.error).toBeUndefined()
        expect(c.secure).toBe(true)
        expect(end.socket?.authorized).toBe(true)
        expect(end.socket?.getCipher().standardName).toBe(suite)
        expect(c.helloRetried).toBe(false)
        expect(end.socket?.getPeerX509Certificate()?.subject).toContain('demo-device-1')
        // RFC 9190 §2.3's key material, computed by OpenSSL on the server side.
        expect(c.exportKeyingMaterial(128, LABEL, TYPE_CODE)).toEqual(end.socket?.exportKeyingMaterial(128, LABEL, TYPE_CODE))
        expect(c.takeAppData()).toEqual(Buffer.from([0]))
      } finally {
        c.destroy(); end.close(); s.close()
      }
    })
  }

  it('an RSA client key signs with rsa_pss_rsae_sha256', async () => {
    const s = server()
    const end = new ServerEnd(s)
    const c = client({ rsa: true })
    try {
      await handshake(c, end)
      expect(c.error).toBeUndefined()
      expect(end.socket?.authorized).toBe(true)
      expect(c.exportKeyingMaterial(64, LABEL, TYPE_CODE)).toEqual(end.socket?.exportKeyingMaterial(64, LABEL, TYPE_CODE))
    } finally {
      c.destroy(); end.close(); s.close()
    }
  })

  it('a server that accepts only secp256r1 gets it after a HelloRetryRequest', async () => {
    const s = server({ ecdhCurve: 'P-256' })
    const end = new ServerEnd(s)
    const c = client()
    try {
      await handshake(c, end)
      expect(c.error).toBeUndefined()
      expect(c.helloRetried).toBe(true)
      expect(end.socket?.authorized).toBe(true)
      expect(c.exportKeyingMaterial(32, 'x', Buffer.from('ctx'))).toEqual(end.socket?.exportKeyingMaterial(32, 'x', Buffer.from('ctx')))
    } finally {
      c.destroy(); end.close(); s.close()
    }
  })

  it('without a client certificate it answers with an empty Certificate, and the server refuses', async () => {
    const s = server()
    const end = new ServerEnd(s)
    const c = new Tls13Client({ servername: pki.serverName, trust: TrustStore.fromPem(readFileSync(pki.serverCa)) })
    try {
      await handshake(c, end)
      expect(end.socket).toBeUndefined()
      expect(end.serverError?.message).toMatch(/certificate/i)
    } finally {
      c.destroy(); end.close(); s.close()
    }
  })

  it('the server flight split at random points and one byte at a time', async () => {
    for (const split of ['random', 'bytes'] as const) {
      const s = server()
      const end = new ServerEnd(s)
      const c = client()
      try {
        let out = c.exchangeSync()
        for (let i = 0; i < 4 && out.length > 0; i++) {
          const reply = await end.feed(out)
          const parts: Buffer[] = []
          out = Buffer.alloc(0)
          for (let at = 0; at < reply.length;) {
            const n = split === 'bytes' ? 1 : 1 + Math.floor(Math.random() * 200)
            parts.push(c.exchangeSync(reply.subarray(at, at + n)))
            at += n
          }
          out = Buffer.concat(parts)
        }
        await end.feed(out)
        expect(c.error).toBeUndefined()
        expect(end.socket?.authorized).toBe(true)
      } finally {
        c.destroy(); end.close(); s.close()
      }
    }
  })
})

describe('lean TLS 1.3 client: failures are clean', () => {
  async function failing(c: Tls13Client, o: Parameters<typeof server>[0] = {}, tamper?: (b: Buffer, i: number) => Buffer): Promise<{ c: Tls13Client; end: ServerEnd }> {
    const s = server(o)
    const end = new ServerEnd(s)
    try {
      await handshake(c, end, tamper)
      return { c, end }
    } finally {
      c.destroy(); end.close(); s.close()
    }
  }

  it('a server certificate from another CA: unknown_ca, and the server is told so', async () => {
    const { c, end } = await failing(client(), { cert: other.cert, key: other.key })
    expect(c.secure).toBe(false)
    expect(c.error?.message).toMatch(/^unknown_ca: /)
    expect(end.serverError?.message).toMatch(/unknown ca/i)
  })

  it('the wrong server name: bad_certificate', async () => {
    const { c } = await failing(client({ servername: 'other.example' }))
    expect(c.error?.message).toBe('bad_certificate: server certificate is not for other.example')
  })

  it('a byte flipped in a protected record: bad_record_mac', async () => {
    const { c } = await failing(client(), {}, (b, i) => {
      if (i !== 0) return b
      const t = Buffer.from(b)
      t[t.length - 20] = (t[t.length - 20] as number) ^ 1
      return t
    })
    expect(c.secure).toBe(false)
    expect(c.error?.message).toMatch(/^bad_record_mac: /)
  })

  it('a byte flipped in the ServerHello (its key share): the handshake keys differ, bad_record_mac', async () => {
    const { c } = await failing(client(), {}, (b, i) => {
      if (i !== 0) return b
      const t = Buffer.from(b)
      t[t.length > 80 ? 80 : 0] = (t[80] as number) ^ 1
      return t
    })
    expect(c.secure).toBe(false)
    expect(c.error).toBeDefined()
  })

  it('a truncated flight waits for the rest; a truncated record in the middle of garbage fails', async () => {
    const s = server()
    const end = new ServerEnd(s)
    const c = client()
    try {
      const reply = await end.feed(c.exchangeSync())
      expect(c.exchangeSync(reply.subarray(0, reply.length - 10))).toEqual(Buffer.alloc(0))
      expect(c.error).toBeUndefined()
      const out = c.exchangeSync(Buffer.from('garbage-that-is-not-the-rest'))
      expect(c.error).toBeDefined()
      expect(c.secure).toBe(false)
      expect(out.length).toBeGreaterThan(0) // a fatal alert
    } finally {
      c.destroy(); end.close(); s.close()
    }
  })

  it('arbitrary bytes never throw, and each ends in a failure', () => {
    for (let i = 0; i < 300; i++) {
      const c = client()
      c.exchangeSync()
      const junk = randomBytes(1 + Math.floor(Math.random() * 300))
      if (i % 3 === 0) junk[0] = 22 // a handshake record header
      if (i % 3 === 0) junk[1] = 3
      expect(() => c.exchangeSync(junk)).not.toThrow()
      expect(() => c.exchangeSync(randomBytes(50))).not.toThrow()
      // Only bytes that happen to be an incomplete record may still wait.
      expect(c.error !== undefined || c.state === 'WAIT_SH').toBe(true)
      c.destroy()
    }
  })

  it('an oversized handshake message and an oversized record: bounded, clean failures', () => {
    const big = client()
    big.exchangeSync()
    // A handshake record announcing a 16 MiB ServerHello: refused when its header is read.
    const hdr = Buffer.from([22, 3, 3, 0, 4, 2, 0xff, 0xff, 0xff])
    expect(big.exchangeSync(hdr)).not.toEqual(Buffer.alloc(0))
    expect(big.error?.message).toMatch(/^too_large: handshake message of 16777215 octets/)
    const rec = client()
    rec.exchangeSync()
    expect(() => rec.exchangeSync(Buffer.from([22, 3, 3, 0xff, 0xff]))).not.toThrow()
    expect(rec.error?.message).toMatch(/^record_overflow: /)
  })

  it('after the handshake, a damaged record gets its alert under the client application keys, which the server reads', async () => {
    const s = server()
    const end = new ServerEnd(s)
    const c = client()
    const serverErrors: Array<string | undefined> = []
    try {
      await handshake(c, end)
      expect(c.secure).toBe(true)
      end.socket?.on('error', (e: NodeJS.ErrnoException) => serverErrors.push(e.code))
      end.socket?.write(Buffer.from('after the handshake'))
      const record = Buffer.from(await end.feed(Buffer.alloc(0)))
      expect(record.length).toBeGreaterThan(21)
      record[record.length - 1] = (record[record.length - 1] as number) ^ 1
      const alert = c.exchangeSync(record)
      expect(c.error?.message).toMatch(/^bad_record_mac: /)
      // RFC 8446 §6: the alert is protected (type 23 outside); the server opens it with the
      // client's application traffic keys and reports the alert it received, not a MAC failure.
      expect(alert[0]).toBe(23)
      await end.feed(alert)
      expect(serverErrors).toEqual(['ERR_SSL_SSLV3_ALERT_BAD_RECORD_MAC'])
    } finally {
      end.close()
      c.destroy()
    }
  })

  it('a server alert is the failure, with its description', () => {
    const c = client()
    c.exchangeSync()
    expect(c.exchangeSync(Buffer.from([21, 3, 3, 0, 2, 2, 40]))).toEqual(Buffer.alloc(0))
    expect(c.error?.message).toBe('peer_alert: received alert handshake_failure')
  })
})
