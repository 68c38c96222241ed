// The org YAML's localUsers section (ops/config/validate-local-users.ts): names unique and at
// most 253 octets (RFC 2865 §5.1), hashes in the scrypt$N$r$p$salt$hash form, errors by path.
import { describe, expect, it } from 'vitest'
import { validateLocalUsers } from '../../../ops/config/validate-local-users.js'

const HASH = `scrypt$16384$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`

describe('localUsers in the org config', () => {
  it('is optional, and keeps valid users', () => {
    expect(validateLocalUsers({}, 'o.yaml')).toEqual({ ok: true, localUsers: undefined })
    expect(validateLocalUsers({ localUsers: [{ name: 'alice', passwordHash: HASH }] }, 'o.yaml')).toEqual({ ok: true, localUsers: [{ name: 'alice', passwordHash: HASH }] })
  })

  it('reports each broken user by path and rule', () => {
    const r = validateLocalUsers({
      localUsers: [
        { name: 'alice', passwordHash: HASH },
        { name: 'alice', passwordHash: HASH },
        { name: 'bob', passwordHash: 'wonderland' },
        { name: 'carol' },
        { name: 'x'.repeat(254), passwordHash: HASH },
        { name: 'dave', passwordHash: HASH, password: 'plain' },
      ],
    }, 'o.yaml')
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.map((e) => [e.path, e.rule])).toEqual([
      ['localUsers[1].name', 'local-user'],
      ['localUsers[2].passwordHash', 'local-user'],
      ['localUsers[3]', 'required'],
      ['localUsers[4].name', 'local-user'],
      ['localUsers[5].password', 'unknown-key'],
    ])
    // A password never appears in a message.
    expect(JSON.stringify(r.errors)).not.toContain('wonderland')
  })
})
