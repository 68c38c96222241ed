// The session-ID cache's pieces that need no server: sealing of session states (AES-256-GCM, org
// and session ID bound as additional data) and the ClientHello check that skips lookups for TLS
// 1.3 peers (RFC 8446 §4.2.1 supported_versions), fed ClientHellos made by OpenSSL's own client
// (node:tls) with and without TLS 1.3, every truncation, and random bytes.
import { randomBytes } from 'node:crypto'
import { Duplex } from 'node:stream'
import { connect } from 'node:tls'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { openSession, sealSession, sessionSealKey } from '../../../actors/client/eap/tls-session-seal.js'
import { TLS13_VERSION, clientHelloOffersVersion } from '../../../proto/eap/tls-client-hello.js'

/** The first flight of a node:tls (OpenSSL) client with these version bounds. */
async function clientHello(o: { minVersion?: 'TLSv1.2' | 'TLSv1.3'; maxVersion?: 'TLSv1.2' | 'TLSv1.3' }): Promise<Buffer> {
  const out: Buffer[] = []
  const duplex = new Duplex({ read() {}, write: (c: Buffer, _e, cb) => { out.push(Buffer.from(c)); cb() } })
  const s = connect({ socket: duplex, servername: 'auth.example', rejectUnauthorized: false, ...o })
  s.on('error', () => {})
  for (let i = 0; i < 20 && out.length === 0; i++) await new Promise((r) => setImmediate(r))
  s.destroy()
  return Buffer.concat(out)
}

describe('session sealing', () => {
  const master = randomBytes(32)
  const id = randomBytes(32)
  const state = randomBytes(900)

  it('opens what it sealed, for the same org and session ID only', () => {
    const k = sessionSealKey(master, 'demo')
    const box = sealSession(k, 'demo', id, state)
    expect(openSession(k, 'demo', id, box)?.equals(state)).toBe(true)
    expect(box.includes(state.subarray(0, 32))).toBe(false)
    expect(openSession(k, 'other', id, box)).toBeUndefined()
    expect(openSession(k, 'demo', randomBytes(32), box)).toBeUndefined()
    expect(openSession(sessionSealKey(master, 'other'), 'demo', id, box)).toBeUndefined()
    expect(openSession(sessionSealKey(randomBytes(32), 'demo'), 'demo', id, box)).toBeUndefined()
  })

  it('per-org keys differ; two seals of the same state differ (random IV)', () => {
    expect(sessionSealKey(master, 'a').equals(sessionSealKey(master, 'b'))).toBe(false)
    const k = sessionSealKey(master, 'demo')
    expect(sealSession(k, 'demo', id, state).equals(sealSession(k, 'demo', id, state))).toBe(false)
  })

  it('any flipped bit, truncation or arbitrary bytes: undefined, never a throw', () => {
    const k = sessionSealKey(master, 'demo')
    const box = sealSession(k, 'demo', id, state)
    for (let i = 0; i < box.length; i += 7) {
      const bad = Buffer.from(box)
      bad[i] = (bad[i] as number) ^ 0x10
      expect(openSession(k, 'demo', id, bad)).toBeUndefined()
    }
    for (const n of [0, 1, 13, 29, 30, box.length - 1]) expect(openSession(k, 'demo', id, box.subarray(0, n))).toBeUndefined()
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => openSession(k, 'demo', id, b) === undefined))
  })
})

describe('ClientHello: does the peer offer TLS 1.3?', () => {
  it('OpenSSL client with TLS 1.3 enabled: yes; limited to TLS 1.2: no', async () => {
    expect(clientHelloOffersVersion(await clientHello({}), TLS13_VERSION)).toBe(true)
    expect(clientHelloOffersVersion(await clientHello({ minVersion: 'TLSv1.3' }), TLS13_VERSION)).toBe(true)
    expect(clientHelloOffersVersion(await clientHello({ maxVersion: 'TLSv1.2' }), TLS13_VERSION)).toBe(false)
  })

  it('every truncation of a TLS 1.3 ClientHello and arbitrary bytes: a boolean, never a throw', async () => {
    const hello = await clientHello({})
    for (let n = 0; n < hello.length; n++) expect(typeof clientHelloOffersVersion(hello.subarray(0, n), TLS13_VERSION)).toBe('boolean')
    // Cut before the extension list ends: the supported_versions extension is not fully there.
    expect(clientHelloOffersVersion(hello.subarray(0, 50), TLS13_VERSION)).toBe(false)
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (b) => typeof clientHelloOffersVersion(Buffer.from(b), TLS13_VERSION) === 'boolean'))
  })
})
