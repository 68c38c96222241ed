// Built-in match tokens (requirements §2.3): auth types (§1.10: EAP-TLS, EAP-TTLS, MAB, TEAP,
// PEAP-TLS), port types Wired/Wireless (L4843, L4892), "All Users" (L7470), the site ("Site3",
// L4661: written `site:<id>` here so site ids never collide with label names) and the NAS vendor
// ("Cisco Wired", "Mist", L7500-L7506: written `nas-vendor:<vendor>`, matched on the RADIUS
// client's configured vendor, case-insensitive).
import { AuthType, PortType } from '../../proto/wire/org-config.js'
import type { Criterion } from './match-label.js'

export const ALL_USERS = 'All Users'
export const SITE_PREFIX = 'site:'
export const NAS_VENDOR_PREFIX = 'nas-vendor:'

const AUTH_TYPES: ReadonlySet<string> = new Set<string>(Object.values(AuthType))
const PORT_TYPES: ReadonlySet<string> = new Set<string>(Object.values(PortType))

/** Is the token a built-in (then it is not a label name)? */
export function isBuiltinToken(token: string): boolean {
  return AUTH_TYPES.has(token) || PORT_TYPES.has(token) || token === ALL_USERS || token.startsWith(SITE_PREFIX) || token.startsWith(NAS_VENDOR_PREFIX)
}

/** The predicate of a built-in token, or undefined when the token is not one. */
export function builtinCriterion(token: string): Criterion | undefined {
  if (AUTH_TYPES.has(token)) return (i) => i.authType === token
  if (PORT_TYPES.has(token)) return (i) => i.portType === token
  if (token === ALL_USERS) return () => true
  if (token.startsWith(SITE_PREFIX)) {
    const site = token.slice(SITE_PREFIX.length)
    return (i) => i.site === site
  }
  if (token.startsWith(NAS_VENDOR_PREFIX)) {
    const vendor = token.slice(NAS_VENDOR_PREFIX.length).toLowerCase()
    return (i) => i.nasVendor !== undefined && i.nasVendor.toLowerCase() === vendor
  }
  return undefined
}
