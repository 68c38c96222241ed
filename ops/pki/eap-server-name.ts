// The name of an org's default EAP server certificate, one rule for the demo PKI on disk and the
// API (requirements §3.2: "Certificate will be issued for the name auth.mist.com", L3801; here per
// org): auth.<org domain> when the org document names its domain, else auth.<org>.example.

/** The default server name of an org's EAP server certificate. */
export function defaultEapServerName(org: string, domain?: string): string {
  return domain === undefined || domain === '' ? `auth.${org}.example` : `auth.${domain}`
}

// RFC 1035 §2.3.1 preferred name syntax, with RFC 1123 §2.1 digits first; RFC 1035 §2.3.4 lengths.
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/** Why `name` cannot be the DNS name of a server certificate; undefined when it can. */
export function serverNameProblem(name: string): string | undefined {
  if (name.includes('*')) return 'no wildcard: 802.1X needs one server name (requirements §3.3)'
  if (name.length > 253) return 'a DNS name has at most 253 characters'
  const labels = name.split('.')
  if (labels.length < 2) return 'a fully qualified DNS name has at least two labels'
  if (!labels.every((l) => LABEL.test(l))) return 'labels are 1-63 lower-case letters, digits and inner "-"'
  return undefined
}
