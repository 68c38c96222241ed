// Password verification for EAP-TTLS/PAP (requirements §1.3: "validate the username and password
// by using the credentials stored in the identity providers"), through one interface per
// provider, chosen by the user's realm (§1.2: the default IdP takes unknown domains). A provider
// that cannot answer (network error, timeout, 5xx: it throws, or is slower than the deadline) is
// `unavailable`, never a wrong password: the server then sends no reply, so the NAS retries or
// fails over instead of locking users out during an outage (STYLE.md: TIMEOUT is never a reject).

/** What a provider says of a user name and password. `unavailable`: it could not answer now. */
export type PasswordVerdict = 'ok' | 'bad-password' | 'unknown-user' | 'unavailable'

export interface IdentityProvider {
  verify(org: string, user: string, password: Buffer): Promise<PasswordVerdict>
}

/** The realm of `user@realm` (lower case), or undefined without one. */
export function realmOf(user: string): string | undefined {
  const at = user.lastIndexOf('@')
  return at < 0 || at === user.length - 1 ? undefined : user.slice(at + 1).toLowerCase()
}

/**
 * A provider's answer is awaited this long: within the gateway's 2 s route budget
 * (ops/run-embedded.ts), so the no-reply is this server's decision and counted, not a lost reply.
 */
export const DEFAULT_IDP_DEADLINE_MS = 1500

/**
 * Providers by realm, with a default for users without a realm or of a realm nobody serves
 * (requirements §1.2 L644: the default IdP "performs lookup ... if the entered user domain name
 * is unknown or not found").
 */
export class IdentityProviders {
  constructor(
    private readonly fallback: IdentityProvider,
    private readonly byRealm: ReadonlyMap<string, IdentityProvider> = new Map(),
    private readonly deadlineMs = DEFAULT_IDP_DEADLINE_MS,
  ) {}

  forUser(user: string): IdentityProvider {
    const realm = realmOf(user)
    return (realm === undefined ? undefined : this.byRealm.get(realm)) ?? this.fallback
  }

  /** The user's provider's verdict; a throw or no answer within the deadline is `unavailable`. */
  async verify(org: string, user: string, password: Buffer): Promise<PasswordVerdict> {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<PasswordVerdict>((resolve) => { timer = setTimeout(() => resolve('unavailable'), this.deadlineMs) })
    const answer = this.forUser(user).verify(org, user, password).catch((): PasswordVerdict => 'unavailable')
    try {
      return await Promise.race([answer, late])
    } finally {
      clearTimeout(timer)
    }
  }
}
