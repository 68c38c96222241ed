// Sealed secrets: round trip, tamper and wrong-key detection, no secret in error text, and the
// cluster key file (0600, created once).
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { isSealed, loadOrCreateClusterKey, seal, unseal, UnsealError, ClusterKeyError } from '../../../ops/secrets/index.js'

const key = randomBytes(32)

describe('sealed box', () => {
  it('round-trips any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => unseal(seal(s, key), key) === s))
  })

  it('has the sealed:v1 base64url format, iv|tag|ct, fresh IV per seal', () => {
    const a = seal('testing123', key)
    const b = seal('testing123', key)
    expect(a).toMatch(/^sealed:v1:[A-Za-z0-9_-]+$/)
    expect(a).not.toBe(b)
    expect(Buffer.from(a.slice('sealed:v1:'.length), 'base64url').length).toBe(12 + 16 + 'testing123'.length)
    expect(isSealed(a)).toBe(true)
    expect(isSealed('testing123')).toBe(false)
  })

  it('detects every flipped bit and a wrong key, without echoing anything secret', () => {
    const secret = 'very-secret-value'
    const sealed = seal(secret, key)
    const raw = Buffer.from(sealed.slice(10), 'base64url')
    for (let i = 0; i < raw.length; i++) {
      const t = Buffer.from(raw)
      t[i] = t[i]! ^ 0x01
      const text = `sealed:v1:${t.toString('base64url')}`
      const err = (() => { try { unseal(text, key); return undefined } catch (e) { return e } })()
      expect(err).toBeInstanceOf(UnsealError)
      expect((err as UnsealError).code).toBe('NAC_ERR_SECRET_UNSEAL')
      expect((err as UnsealError).reason).toBe('authentication')
    }
    const wrong = (() => { try { return unseal(sealed, randomBytes(32)) } catch (e) { return e } })() as UnsealError
    expect(wrong.reason).toBe('authentication')
    for (const e of [wrong]) {
      const shown = `${e.message} ${e.stack ?? ''} ${JSON.stringify(e)} ${String(e.cause)}`
      expect(shown).not.toContain(secret)
      expect(shown).not.toContain(sealed.slice(10))
      expect(shown).not.toContain(key.toString('hex'))
    }
  })

  it.each([
    ['plain text', 'testing123', 'not-sealed'],
    ['too short', 'sealed:v1:AAAA', 'malformed'],
    ['bad alphabet', 'sealed:v1:@@@@', 'malformed'],
    ['other version', `sealed:v2:${'A'.repeat(60)}`, 'not-sealed'],
  ])('rejects %s', (_name, text, reason) => {
    expect(() => unseal(text, key)).toThrow(UnsealError)
    try { unseal(text, key) } catch (e) { expect((e as UnsealError).reason).toBe(reason) }
  })

  it('refuses a key that is not 32 bytes', () => {
    expect(() => seal('x', randomBytes(16))).toThrow(RangeError)
  })
})

describe('loadOrCreateClusterKey', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nac-key-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('creates a 0600 file of 64 hex digits once and reuses it', () => {
    const path = join(dir, 'sub', 'cluster.key')
    const k1 = loadOrCreateClusterKey(path)
    expect(k1.length).toBe(32)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readFileSync(path, 'utf8')).toBe(`${k1.toString('hex')}\n`)
    const k2 = loadOrCreateClusterKey(path)
    expect(k2.equals(k1)).toBe(true)
    expect(unseal(seal('s', k1), k2)).toBe('s')
  })

  it('rejects a malformed key file without quoting it', () => {
    const path = join(dir, 'bad.key')
    writeFileSync(path, 'secretish-not-hex\n', { mode: 0o600 })
    expect(() => loadOrCreateClusterKey(path)).toThrow(ClusterKeyError)
    try { loadOrCreateClusterKey(path) } catch (e) { expect((e as Error).message).not.toContain('secretish') }
  })
})
