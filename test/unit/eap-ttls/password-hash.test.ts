// Local users' password hashes: scrypt against the RFC 7914 §12 test vector, the
// scrypt$N$r$p$salt$hash form, refusal of malformed or oversized parameters, and the local-users
// identity provider's verdicts (requirements §1.3) with providers chosen by realm.
import { describe, expect, it } from 'vitest'
import { IdentityProviders, realmOf, type IdentityProvider } from '../../../actors/client/eap/identity-provider.js'
import { LocalUsersProvider } from '../../../actors/client/eap/local-users-provider.js'
import { hashPassword, parseScryptHash, verifyPassword } from '../../../workers/tasks/password-hash.js'

// RFC 7914 §12: scrypt (P="pleaseletmein", S="SodiumChloride", N=16384, r=8, p=1, dkLen=64).
const RFC7914_DK = '7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887'

describe('scrypt password hashes', () => {
  it('verifies the RFC 7914 §12 vector written as scrypt$N$r$p$salt$hash', () => {
    const s = `scrypt$16384$8$1$${Buffer.from('SodiumChloride').toString('base64')}$${Buffer.from(RFC7914_DK, 'hex').toString('base64')}`
    expect(verifyPassword({ passwordHash: s, password: 'pleaseletmein' })).toBe(true)
    expect(verifyPassword({ passwordHash: s, password: 'pleaseletmeout' })).toBe(false)
  })

  it('hashes with a fresh salt each time, and verifies its own hashes', () => {
    const a = hashPassword({ password: 'wonderland', N: 1024 })
    const b = hashPassword({ password: 'wonderland', N: 1024 })
    expect(a).not.toBe(b)
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/)
    expect(verifyPassword({ passwordHash: a, password: 'wonderland' })).toBe(true)
    expect(verifyPassword({ passwordHash: a, password: 'Wonderland' })).toBe(false)
  })

  it('refuses malformed strings and parameters out of bounds', () => {
    const salt = Buffer.alloc(16).toString('base64')
    const hash = Buffer.alloc(32).toString('base64')
    for (const s of [
      '', 'scrypt', `bcrypt$16384$8$1$${salt}$${hash}`, `scrypt$1000$8$1$${salt}$${hash}`, `scrypt$${2 ** 21}$8$1$${salt}$${hash}`,
      `scrypt$16384$0$1$${salt}$${hash}`, `scrypt$16384$8$99$${salt}$${hash}`, `scrypt$16384$8$1$AAAA$${hash}`, `scrypt$16384$8$1$${salt}$AAAA`,
      `scrypt$16384$8$1$${salt}$${hash}$x`, `scrypt$16384$8$1$!!$${hash}`,
    ]) expect(parseScryptHash(s), s).toBeUndefined()
    expect(parseScryptHash(`scrypt$16384$8$1$${salt}$${hash}`)).toBeDefined()
    expect(() => verifyPassword({ passwordHash: 'nope', password: 'x' })).toThrow(TypeError)
  })
})

describe('identity providers', () => {
  const users = [{ name: 'alice', passwordHash: hashPassword({ password: 'wonderland', N: 1024 }) }]
  const local = (verifyHash = async (h: string, p: string) => verifyPassword({ passwordHash: h, password: p })): LocalUsersProvider =>
    new LocalUsersProvider({ users: (org) => (org === 'demo' ? users : undefined), verifyHash })

  it('the local-users provider says ok, bad-password, unknown-user, unavailable', async () => {
    const p = local()
    expect(await p.verify('demo', 'alice', Buffer.from('wonderland'))).toBe('ok')
    expect(await p.verify('demo', 'alice', Buffer.from('wonder'))).toBe('bad-password')
    expect(await p.verify('demo', 'bob', Buffer.from('wonderland'))).toBe('unknown-user')
    expect(await p.verify('other', 'alice', Buffer.from('wonderland'))).toBe('unknown-user')
    const down = local(async () => { throw new Error('pool overloaded') })
    expect(await down.verify('demo', 'alice', Buffer.from('wonderland'))).toBe('unavailable')
  })

  it('an unknown user costs a hash verification too (no timing oracle for names)', async () => {
    let calls = 0
    const p = local(async () => { calls++; return false })
    await p.verify('demo', 'bob', Buffer.from('x'))
    expect(calls).toBe(1)
  })

  it('chooses the provider by realm, the default for no realm or an unserved one', () => {
    const fallback: IdentityProvider = { verify: async () => 'ok' }
    const corp: IdentityProvider = { verify: async () => 'unavailable' }
    const ps = new IdentityProviders(fallback, new Map([['corp.example', corp]]))
    expect(ps.forUser('jack@CORP.example')).toBe(corp)
    expect(ps.forUser('alice')).toBe(fallback)
    expect(ps.forUser('alice@other.example')).toBe(fallback)
    expect(realmOf('a@')).toBeUndefined()
    expect(realmOf('a@b@c.example')).toBe('c.example')
  })
})
