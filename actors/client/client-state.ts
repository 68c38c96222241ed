// The client actor's saved state (KV bucket `sessions`): the last authorization, which is the
// site survivability cache of DESIGN.md. EAP conversations stay in memory only.

export interface LastAuthorization {
  at: number
  authType: string
  allowed: boolean
  rule: string | undefined
  vlan: string | undefined
  role: string | undefined
}

export interface ClientState {
  v: 1
  last: LastAuthorization | undefined
}

/** Same decision as before, so the saved state need not be rewritten on every request. */
export function sameDecision(a: LastAuthorization | undefined, b: LastAuthorization): boolean {
  return a !== undefined && a.authType === b.authType && a.allowed === b.allowed && a.rule === b.rule && a.vlan === b.vlan && a.role === b.role
}
