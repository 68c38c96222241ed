// Verifies the server's certificate chain against the configured CA (RFC 8446 §4.4.2.4: the client
// validates the server's chain; RFC 5216 §5.2 / RFC 9190 §5.2: the peer checks the server's
// name) with node:crypto's X509Certificate: each link issued and signed by the next (or by a trust
// anchor), the validity dates of every certificate against now, intermediates marked CA, the
// leaf's extended key usage (if present) allowing serverAuth, and the leaf's name. Not checked:
// revocation, name constraints, path length, policies (the bench PKI has none).
//
// Cache: a chain (its exact DER octets, hashed) once verified against this store for a name is
// kept with its leaf's public key, so later handshakes skip the parse and the signature checks;
// the dates of every certificate in the path are still checked on every use.
import { createHash, X509Certificate, type KeyObject } from 'node:crypto'
import { fail, Tls13Reason, type Decoded } from './failure.js'

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1'
const ANY_EKU = '2.5.29.37.0'
const MAX_CHAIN = 10
const MAX_CACHED = 256

interface Verified {
  leafKey: KeyObject
  /** The path's latest notBefore and earliest notAfter, ms since the epoch. */
  notBefore: number
  notAfter: number
}

export class TrustStore {
  private readonly cache = new Map<string, Verified>()

  /** `anchors`: the CA certificates the server's chain must lead to. */
  constructor(private readonly anchors: readonly X509Certificate[]) {}

  /** The PEM bundle's certificates as anchors. */
  static fromPem(pem: string | Buffer): TrustStore {
    return new TrustStore(splitPem(pem.toString()).map((p) => new X509Certificate(p)))
  }

  /** The leaf's public key if `chain` (leaf first, DER) leads to an anchor and the leaf is `servername`'s. */
  verify(chain: readonly Buffer[], servername: string, now = Date.now()): Decoded<KeyObject> {
    if (chain.length === 0) return fail(Tls13Reason.BAD_CERTIFICATE, 'the server sent no certificate')
    if (chain.length > MAX_CHAIN) return fail(Tls13Reason.BAD_CERTIFICATE, `chain of ${chain.length} certificates`)
    const h = createHash('sha256').update(servername).update('\0')
    for (const der of chain) h.update(der)
    const key = h.digest('base64')
    let v = this.cache.get(key)
    if (v === undefined) {
      const r = this.verifyFully(chain, servername)
      if (!r.ok) return r
      v = r.value
      if (this.cache.size >= MAX_CACHED) this.cache.clear()
      this.cache.set(key, v)
    }
    if (now < v.notBefore || now > v.notAfter) return fail(Tls13Reason.CERTIFICATE_EXPIRED, 'a certificate of the server chain is outside its validity period')
    return { ok: true, value: v.leafKey }
  }

  private verifyFully(chain: readonly Buffer[], servername: string): Decoded<Verified> {
    let certs: X509Certificate[]
    try {
      certs = chain.map((der) => new X509Certificate(der))
    } catch {
      return fail(Tls13Reason.BAD_CERTIFICATE, 'a server certificate does not parse')
    }
    const leaf = certs[0] as X509Certificate
    const eku = leaf.keyUsage as string[] | undefined
    if (eku !== undefined && !eku.includes(SERVER_AUTH) && !eku.includes(ANY_EKU)) return fail(Tls13Reason.BAD_CERTIFICATE, 'the server certificate is not for serverAuth')
    // RFC 6125 §6 via OpenSSL's X509_check_host (subjectAltName DNS names; CN only without them).
    if (leaf.checkHost(servername) === undefined) return fail(Tls13Reason.BAD_CERTIFICATE, `server certificate is not for ${servername}`)
    let notBefore = -Infinity
    let notAfter = Infinity
    const dates = (c: X509Certificate): boolean => {
      const from = Date.parse(c.validFrom)
      const to = Date.parse(c.validTo)
      if (Number.isNaN(from) || Number.isNaN(to)) return false
      notBefore = Math.max(notBefore, from)
      notAfter = Math.min(notAfter, to)
      return true
    }
    let cur = leaf
    if (!dates(cur)) return fail(Tls13Reason.BAD_CERTIFICATE, 'certificate dates do not parse')
    // RFC 8446 §4.4.2: the sender's certificate comes first, "Each following certificate SHOULD
    // directly certify the one immediately preceding it"; a client may also find the path with
    // certificates out of order, as here: the anchor is tried first at each step.
    const rest = certs.slice(1)
    for (let depth = 0; depth <= MAX_CHAIN; depth++) {
      const anchor = this.anchors.find((a) => cur.checkIssued(a) && cur.verify(a.publicKey))
      if (anchor !== undefined) {
        if (!dates(anchor)) return fail(Tls13Reason.BAD_CERTIFICATE, 'CA dates do not parse')
        return { ok: true, value: { leafKey: leaf.publicKey, notBefore, notAfter } }
      }
      const i = rest.findIndex((c) => c.ca && cur.checkIssued(c) && cur.verify(c.publicKey))
      if (i < 0) break
      cur = rest.splice(i, 1)[0] as X509Certificate
      if (!dates(cur)) return fail(Tls13Reason.BAD_CERTIFICATE, 'certificate dates do not parse')
    }
    return fail(Tls13Reason.UNKNOWN_CA, 'the server chain does not lead to the configured CA')
  }
}

/** The PEM blocks of a bundle. */
export function splitPem(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
}
