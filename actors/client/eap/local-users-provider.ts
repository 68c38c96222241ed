// The local-users identity provider: the org config's `localUsers` (name and scrypt hash), the
// hash checked by an injected verifier (ops wires the worker pool's verifyPassword task, so the
// scrypt work stays off the actor's event loop).
import type { IdentityProvider, PasswordVerdict } from './identity-provider.js'

export interface LocalUser {
  name: string
  passwordHash: string
}

export interface LocalUsersProviderOptions {
  /** The org's users now (config changes apply at once). */
  users(org: string): readonly LocalUser[] | undefined
  /** Verify `password` against a `scrypt$N$r$p$salt$hash` string: true, false, or throws. */
  verifyHash(passwordHash: string, password: string): Promise<boolean>
}

/**
 * An unknown user's password is checked against this hash (of a random password) so an unknown
 * name and a wrong password take the same time. Cost parameters match `nac user hash`'s default.
 */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='

export class LocalUsersProvider implements IdentityProvider {
  constructor(private readonly o: LocalUsersProviderOptions) {}

  async verify(org: string, user: string, password: Buffer): Promise<PasswordVerdict> {
    const found = this.o.users(org)?.find((u) => u.name === user)
    try {
      const ok = await this.o.verifyHash(found?.passwordHash ?? DUMMY_HASH, password.toString('utf8'))
      if (found === undefined) return 'unknown-user'
      return ok ? 'ok' : 'bad-password'
    } catch {
      // A full pool or a broken worker: no verdict on the password.
      return found === undefined ? 'unknown-user' : 'unavailable'
    }
  }
}
