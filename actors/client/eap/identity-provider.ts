// Password verification for EAP-TTLS/PAP (requirements §1.3: "validate the username and password
// by using the credentials stored in the identity providers"), through one interface per
// provider, chosen by the user's realm (§1.2: the default IdP takes unknown domains).

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
 * Providers by realm, with a default for users without a realm or of a realm nobody serves
 * (requirements §1.2 L644: the default IdP "performs lookup ... if the entered user domain name
 * is unknown or not found").
 */
export class IdentityProviders {
  constructor(
    private readonly fallback: IdentityProvider,
    private readonly byRealm: ReadonlyMap<string, IdentityProvider> = new Map(),
  ) {}

  forUser(user: string): IdentityProvider {
    const realm = realmOf(user)
    return (realm === undefined ? undefined : this.byRealm.get(realm)) ?? this.fallback
  }
}
