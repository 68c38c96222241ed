// An org's private EAP server CA and the default EAP server certificate it issues (requirements
// §3.2: "Mist organization maintains its unique, private Mist Certificate Authority (CA)
// responsible for issuing the Access Assurance server certificate"). The CA is made on demand,
// the first time a default certificate is asked for, and kept while it is usable: a new CA would
// make every supplicant that trusts the old one refuse the server. ECDSA P-256 like the demo PKI
// (eap-pki.ts: fewer EAP-TLS fragments); made on the calling thread (well under a millisecond).
import { X509Certificate, createPrivateKey } from 'node:crypto'
import { createEcCa, issueEcCertificate } from '../../workers/tasks/ec-certificate.js'
import { RENEWAL_MARGIN_DAYS } from './certificate-reuse.js'
import { checkServerCertificate } from './server-certificate-checks.js'

const DAY_MS = 86_400_000
export const PRIVATE_CA_DAYS = 3650
export const DEFAULT_SERVER_DAYS = 825

export interface CertAndKeyPem {
  certPem: string
  keyPem: string
}

export interface DefaultServerCertificate {
  /** The CA used: the one given when still usable, else a new one (`created`). */
  ca: CertAndKeyPem
  created: boolean
  /** The served chain (the leaf: supplicants hold the CA) and its key, unencrypted PKCS#8. */
  server: { chainPem: string; keyPem: string }
}

export interface IssueDefaultInput {
  org: string
  serverName: string
  /** The org's private CA, key unsealed; undefined when it has none yet. */
  ca: CertAndKeyPem | undefined
  validDays?: number
  /** When the stored CA's usability is judged (tests); certificates are always made from now. */
  now?: number
}

/** Is the stored CA still one to issue from: a self-signed CA, its key, valid beyond the renewal margin? */
export function usablePrivateCa(ca: CertAndKeyPem | undefined, now = Date.now()): X509Certificate | undefined {
  if (ca === undefined) return undefined
  try {
    const cert = new X509Certificate(ca.certPem)
    const ok = cert.ca && cert.checkIssued(cert) && cert.verify(cert.publicKey) && cert.checkPrivateKey(createPrivateKey(ca.keyPem)) &&
      Date.parse(cert.validFrom) <= now && Date.parse(cert.validTo) > now + RENEWAL_MARGIN_DAYS * DAY_MS
    return ok ? cert : undefined
  } catch {
    return undefined
  }
}

/** Issue the org's default EAP server certificate (CN and SAN DNS `serverName`, EKU serverAuth). */
export function issueDefaultServerCertificate(input: IssueDefaultInput): DefaultServerCertificate {
  const now = Date.now()
  const reused = usablePrivateCa(input.ca, input.now ?? now)
  const created = input.ca === undefined || reused === undefined
  const ca = input.ca !== undefined && reused !== undefined
    ? input.ca
    : createEcCa({ commonName: `${input.org} EAP server CA`, organization: input.org, validDays: PRIVATE_CA_DAYS })
  const caCert = reused ?? new X509Certificate(ca.certPem)
  // The leaf never outlives its CA (RFC 5280 §6.1.3 checks each certificate's validity).
  const caDaysLeft = Math.floor((Date.parse(caCert.validTo) - now) / DAY_MS)
  const validDays = Math.max(1, Math.min(input.validDays ?? DEFAULT_SERVER_DAYS, caDaysLeft))
  const leaf = issueEcCertificate({
    caCertPem: ca.certPem, caKeyPem: ca.keyPem, subject: { O: input.org, CN: input.serverName },
    sans: { dns: [input.serverName] }, usage: 'server', validDays,
  })
  // What we issue meets the rules a custom certificate must meet.
  const checked = checkServerCertificate({ chainPem: leaf.certPem + ca.certPem, keyPem: leaf.keyPem, now })
  if (!checked.ok) throw new Error(`issued EAP server certificate breaks ${checked.errors.map((e) => e.code).join(', ')}`)
  return { ca, created, server: { chainPem: checked.value.servedChainPem, keyPem: checked.value.keyPem } }
}
