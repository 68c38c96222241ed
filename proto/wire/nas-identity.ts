// The identity a NAS certificate carries (DESIGN.md, request path step 1: "Its certificate,
// issued by the org's device CA, identifies org and site"): subject O=<org>, OU=<site>,
// CN=<nasId>, and optionally SAN URI urn:nac:nas:<org>:<site>:<nasId> which must then agree.
// Parses Node's X509Certificate text forms (subject one "KEY=value" per line; subjectAltName
// "TYPE:value, ..." with JSON-quoted values when they hold special characters). Pure.
import { TOKEN_RE } from './subjects.js'

export interface NasIdentity {
  org: string
  site: string
  nasId: string
}

/** The fields of node:crypto X509Certificate (or a TLS peer certificate) this needs. */
export interface NasCertificateLike {
  subject: string
  subjectAltName?: string | undefined
}

const URN_PREFIX = 'urn:nac:nas:'

/** The SAN URI naming a NAS, as written into its certificate. */
export function nasUrn(id: NasIdentity): string {
  return `${URN_PREFIX}${id.org}:${id.site}:${id.nasId}`
}

/** Attribute values of a subject in Node's multi-line form; undefined on a malformed line. */
function subjectAttributes(subject: string): Map<string, string[]> | undefined {
  const attrs = new Map<string, string[]>()
  for (const line of subject.split('\n')) {
    if (line === '') continue
    const eq = line.indexOf('=')
    if (eq <= 0) return undefined
    const key = line.slice(0, eq)
    const list = attrs.get(key) ?? []
    list.push(line.slice(eq + 1))
    attrs.set(key, list)
  }
  return attrs
}

/** URI entries of a subjectAltName string; undefined when it cannot be split safely. */
function sanUris(san: string): string[] | undefined {
  const uris: string[] = []
  let i = 0
  while (i < san.length) {
    const colon = san.indexOf(':', i)
    if (colon < 0) return undefined
    const type = san.slice(i, colon)
    let value: string
    let next: number
    if (san[colon + 1] === '"') {
      // A JSON string literal: find its closing quote, skipping escapes.
      let j = colon + 2
      while (j < san.length && san[j] !== '"') j += san[j] === '\\' ? 2 : 1
      if (j >= san.length) return undefined
      try {
        value = JSON.parse(san.slice(colon + 1, j + 1)) as string
      } catch {
        return undefined
      }
      next = j + 1
    } else {
      const comma = san.indexOf(', ', colon + 1)
      next = comma < 0 ? san.length : comma
      value = san.slice(colon + 1, next)
    }
    if (type === 'URI') uris.push(value)
    if (next < san.length) {
      if (san.slice(next, next + 2) !== ', ') return undefined
      next += 2
    }
    i = next
  }
  return uris
}

/**
 * The NAS identity of a certificate, or undefined when the subject does not carry exactly one
 * O, OU and CN that are all tokens (TOKEN_RE), or when a urn:nac:nas SAN disagrees with it.
 * The caller must have verified the chain to the org's device CA first.
 */
export function nasIdentityFromCertificate(cert: NasCertificateLike): NasIdentity | undefined {
  const attrs = subjectAttributes(cert.subject)
  if (attrs === undefined) return undefined
  const one = (key: string): string | undefined => {
    const values = attrs.get(key)
    return values?.length === 1 && TOKEN_RE.test(values[0]!) ? values[0] : undefined
  }
  const org = one('O')
  const site = one('OU')
  const nasId = one('CN')
  if (org === undefined || site === undefined || nasId === undefined) return undefined
  const id = { org, site, nasId }
  if (cert.subjectAltName !== undefined && cert.subjectAltName !== '') {
    const uris = sanUris(cert.subjectAltName)
    if (uris === undefined) return undefined
    const expected = nasUrn(id)
    for (const uri of uris) if (uri.toLowerCase().startsWith(URN_PREFIX) && uri !== expected) return undefined
  }
  return id
}
