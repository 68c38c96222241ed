// The State token (RFC 2865 §5.24) as an HMAC-SHA256 token: any change is refused, an expired
// token is refused, another cluster's key is refused, and arbitrary bytes never throw.
import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { STATE_TOKEN_LENGTH, StateTokenCodec } from '../../../actors/client/eap/index.js'
import { stateTokenKey } from '../../../ops/processes/actor-node-process.js'

const codec = new StateTokenCodec(stateTokenKey(Buffer.alloc(32, 7)))
const now = 1_800_000_000_000
const token = { conversationId: randomBytes(16), round: 3, expiresAt: now / 1000 + 30 }

describe('StateTokenCodec', () => {
  it('verifies what it minted', () => {
    const t = codec.mint(token)
    expect(t.length).toBe(STATE_TOKEN_LENGTH)
    expect(codec.verify(t, now)).toEqual({ ok: true, token })
  })

  it('refuses any single changed bit (forgery)', () => {
    const t = codec.mint(token)
    for (let i = 0; i < t.length * 8; i++) {
      const f = Buffer.from(t)
      f[i >> 3]! ^= 1 << (i & 7)
      const r = codec.verify(f, now)
      expect(r.ok).toBe(false)
      expect(['FORGED', 'MALFORMED']).toContain(r.ok ? '' : r.reason)
    }
  })

  it('refuses an expired token, and a token of another cluster key', () => {
    expect(codec.verify(codec.mint(token), now + 31_000)).toEqual({ ok: false, reason: 'EXPIRED' })
    const other = new StateTokenCodec(stateTokenKey(Buffer.alloc(32, 8)))
    expect(other.verify(codec.mint(token), now)).toEqual({ ok: false, reason: 'FORGED' })
  })

  it('derives the key with HKDF from the cluster key: same key, same tokens; a different one, not', () => {
    expect(stateTokenKey(Buffer.alloc(32, 7)).equals(stateTokenKey(Buffer.alloc(32, 7)))).toBe(true)
    expect(stateTokenKey(Buffer.alloc(32, 7)).equals(Buffer.alloc(32, 7))).toBe(false)
  })

  it('arbitrary State values never throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (b) => { expect(codec.verify(Buffer.from(b), now).ok).toBe(false) }))
  })
})
