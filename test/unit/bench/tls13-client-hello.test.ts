import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { encodeClientHello, type ClientHelloParams } from '../../../bench/supplicant/tls13/handshake-codec.js'

const SUITES = [0x1301, 0x1302, 0x1303]
const GROUPS = [0x001d, 0x0017]
const SCHEMES = [0x0403, 0x0804]

function params(over: Partial<ClientHelloParams> = {}): ClientHelloParams {
  return {
    random: randomBytes(32), sessionId: Buffer.alloc(0), suites: SUITES, serverName: 'auth.demo.example', groups: GROUPS,
    keyShares: [{ group: 0x001d, key: randomBytes(32) }], signatureSchemes: SCHEMES, pskModes: false, ...over,
  }
}

/** The same hello through a fresh encoding: arrays of another identity miss the template. */
function fresh(p: ClientHelloParams): Buffer {
  return encodeClientHello({ ...p, suites: [...p.suites], groups: [...p.groups], signatureSchemes: [...p.signatureSchemes] })
}

describe('lean TLS 1.3 ClientHello from its per-client template', () => {
  it('writes each hello\'s own random and key share into the copy, every other octet as a full encoding', () => {
    const first = params()
    const a = encodeClientHello(first)
    const second = params()
    const b = encodeClientHello(second)
    const third = params()
    const c = encodeClientHello(third)
    expect(b.equals(fresh(second))).toBe(true)
    expect(c.equals(fresh(third))).toBe(true)
    expect(a.equals(fresh(first))).toBe(true)
    // The random (RFC 8446 §4.1.2) follows the 4-octet header and legacy_version; the key share is the hello's own.
    expect(b.subarray(6, 38).equals(second.random)).toBe(true)
    expect(b.includes(second.keyShares[0]?.key as Buffer)).toBe(true)
    expect(b.includes(first.keyShares[0]?.key as Buffer)).toBe(false)
    // The template is not shared with a returned hello: changing one (the one that built the
    // template, then one copied from it) leaves the next intact.
    encodeClientHello(params()).fill(0)
    encodeClientHello(params()).fill(0)
    const fifth = params()
    expect(encodeClientHello(fifth).equals(fresh(fifth))).toBe(true)
  })

  it('encodes in full what the template does not cover: another name, mode, group, a cookie or a PSK', () => {
    encodeClientHello(params())
    for (const over of [
      { serverName: 'other.example' }, { serverName: undefined }, { pskModes: true },
      { keyShares: [{ group: 0x0017, key: randomBytes(65) }] }, { cookie: randomBytes(20) },
      { psk: { identity: randomBytes(40), obfuscatedAge: 7, binderLength: 32 }, pskModes: true },
    ] satisfies Array<Partial<ClientHelloParams>>) {
      const p = params(over)
      const got = encodeClientHello(p)
      expect(got.equals(fresh(p)), JSON.stringify(Object.keys(over))).toBe(true)
      if (over.serverName !== undefined) expect(got.includes(Buffer.from(over.serverName))).toBe(true)
    }
  })
})
