// The checks of a custom EAP server certificate before an org may use it (requirements
// auth-policy-edge-monitoring.md §3.3, "Import Custom Radius Certificate", guidelines L3833-L3838;
// issue 4: "checked for X.509 v3, no wildcard, SAN DNS present, EKU serverAuth, RSA >= 2048 or EC
// P-256/P-384, SHA-256 or better, with a clear error per broken rule"). Pure: certificates and key
// in, the usable chain and the decrypted key out, or every broken rule at once.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto'
import { pemCertificates } from './certificate-properties.js'
import { PkiInputError, type Checked, type ServerCertCode } from './pki-errors.js'
import { X509Oid, keyUsageBit, x509Facts, type X509Facts } from './x509-facts.js'

/** A chain longer than this is refused before anything is parsed (10 is far above real PKIs). */
export const MAX_SERVER_CHAIN = 10

export interface ServerCertificateInput {
  /** Leaf first, then each issuer, up to and including the root ("include all the intermediate CAs and the Root CA", L3825). */
  chainPem: string
  /** PEM private key: PKCS#1 ("RSA PRIVATE KEY", also OpenSSL-encrypted), SEC 1 or PKCS#8 (also encrypted). */
  keyPem: string
  passphrase?: string | undefined
  /** Epoch ms the validity is checked at; default now. */
  now?: number
}

export interface CheckedServerCertificate {
  /** The chain as given, parsed. */
  chain: X509Certificate[]
  /**
   * What the TLS Certificate message carries: the leaf and its intermediates. A self-signed root is
   * left out ("a certificate that specifies a trust anchor MAY be omitted from the chain", RFC 8446
   * §4.4.2; RFC 5246 §7.4.2 likewise): the supplicant has it, and every byte costs EAP fragments.
   */
  servedChainPem: string
  /** The key decrypted, as unencrypted PKCS#8 PEM: the caller seals it before it is stored. */
  keyPem: string
}

// Signature algorithms of SHA-256 strength or better (RFC 4055 §5, RFC 5758 §3.2, RFC 8410 §3).
const STRONG_SIGNATURES: Record<string, string> = {
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
}
// RSASSA-PSS (RFC 4055 §3.1): its strength is that of the hash in its parameters.
const STRONG_PSS_HASHES = new Set(['2.16.840.1.101.3.4.2.1', '2.16.840.1.101.3.4.2.2', '2.16.840.1.101.3.4.2.3'])
const WEAK_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
}

const ALLOWED_CURVES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384' }

function signatureProblem(f: X509Facts): string | undefined {
  if (f.signatureAlgorithm === X509Oid.rsassaPss) {
    return f.pssHash !== undefined && STRONG_PSS_HASHES.has(f.pssHash) ? undefined : `RSASSA-PSS with hash ${f.pssHash ?? '?'}`
  }
  if (STRONG_SIGNATURES[f.signatureAlgorithm] !== undefined) return undefined
  return WEAK_NAMES[f.signatureAlgorithm] ?? f.signatureAlgorithm
}

function keyTypeProblem(key: KeyObject): string | undefined {
  const type = key.asymmetricKeyType
  const d = key.asymmetricKeyDetails
  if (type === 'rsa' || type === 'rsa-pss') {
    return (d?.modulusLength ?? 0) >= 2048 ? undefined : `an RSA key of ${d?.modulusLength ?? '?'} bits`
  }
  if (type === 'ec') return ALLOWED_CURVES[d?.namedCurve ?? ''] === undefined ? `an EC key on curve ${d?.namedCurve ?? '?'}` : undefined
  return `a key of type ${type ?? '?'}`
}

const label = (c: X509Certificate, i: number): string => `certificate ${i} (${c.subject.split('\n').join(', ')})`

function verifies(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey)
  } catch {
    return false
  }
}

const selfSigned = (c: X509Certificate): boolean => verifies(c, c)

type Problems = PkiInputError[]
const add = (out: Problems, code: ServerCertCode, path: string, message: string): void => { out.push(new PkiInputError(code, path, message)) }

/** The private key; a problem (never the passphrase, never key material) when it cannot be read. */
function readKey(keyPem: string, passphrase: string | undefined, out: Problems): KeyObject | undefined {
  const blocks = keyPem.match(/-----BEGIN [A-Z ]*PRIVATE KEY-----/g) ?? []
  if (blocks.length !== 1) {
    add(out, 'NAC_ERR_SERVER_CERT_KEY_PEM', 'keyPem', blocks.length === 0 ? 'no PEM private key ("-----BEGIN ... PRIVATE KEY-----")' : 'more than one private key')
    return undefined
  }
  // PKCS#8 EncryptedPrivateKeyInfo (RFC 5958 §3), or OpenSSL's legacy PEM encryption (RFC 1421 headers).
  const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(keyPem) || /Proc-Type:\s*4,\s*ENCRYPTED/.test(keyPem)
  if (encrypted && (passphrase === undefined || passphrase === '')) {
    add(out, 'NAC_ERR_SERVER_CERT_PASSPHRASE_REQUIRED', 'passphrase', 'the key is encrypted: give its passphrase')
    return undefined
  }
  try {
    return createPrivateKey(encrypted ? { key: keyPem, format: 'pem', passphrase } : { key: keyPem, format: 'pem' })
  } catch (err) {
    if (encrypted) add(out, 'NAC_ERR_SERVER_CERT_WRONG_PASSPHRASE', 'passphrase', 'the passphrase does not decrypt the key')
    else if ((err as { code?: string }).code === 'ERR_MISSING_PASSPHRASE') add(out, 'NAC_ERR_SERVER_CERT_PASSPHRASE_REQUIRED', 'passphrase', 'the key is encrypted: give its passphrase')
    else add(out, 'NAC_ERR_SERVER_CERT_KEY_PEM', 'keyPem', 'the private key does not parse')
    return undefined
  }
}

function parseChain(chainPem: string, out: Problems): Array<{ cert: X509Certificate; facts: X509Facts }> | undefined {
  const blocks = pemCertificates(chainPem)
  if (blocks.length === 0) {
    add(out, 'NAC_ERR_SERVER_CERT_PEM', 'chainPem', 'no PEM certificate ("-----BEGIN CERTIFICATE-----")')
    return undefined
  }
  if (blocks.length > MAX_SERVER_CHAIN) {
    add(out, 'NAC_ERR_SERVER_CERT_TOO_LONG', 'chainPem', `${blocks.length} certificates; at most ${MAX_SERVER_CHAIN}`)
    return undefined
  }
  const parsed: Array<{ cert: X509Certificate; facts: X509Facts }> = []
  blocks.forEach((pem, i) => {
    try {
      const cert = new X509Certificate(pem)
      parsed.push({ cert, facts: x509Facts(cert.raw) })
    } catch {
      add(out, 'NAC_ERR_SERVER_CERT_PEM', `chainPem[${i}]`, `certificate ${i} does not parse`)
    }
  })
  return parsed.length === blocks.length ? parsed : undefined
}

function checkLeaf(leaf: { cert: X509Certificate; facts: X509Facts }, key: KeyObject | undefined, out: Problems): void {
  const { cert, facts } = leaf
  const path = 'chainPem[0]'
  // L3833: "Do not use a wildcard certificate, for example: *.abc.com for 802.1X authentication."
  const wild = [...facts.commonNames, ...facts.sanDns].filter((n) => n.includes('*'))
  if (wild.length > 0) add(out, 'NAC_ERR_SERVER_CERT_WILDCARD', path, `wildcard name ${wild.map((n) => JSON.stringify(n)).join(', ')}: 802.1X needs a certificate for one server name`)
  // L3836: "the certificate should include the SAN extension with the DNS name of the server."
  if (facts.sanDns.length === 0) add(out, 'NAC_ERR_SERVER_CERT_NO_SAN_DNS', path, 'the leaf has no subjectAltName dNSName: supplicants check the server name against it')
  // L3837: "Include Extended Key Usage as a TLS web server authentication criterion (required for most Android devices)."
  if (!(facts.extKeyUsage ?? []).includes(X509Oid.serverAuth)) {
    add(out, 'NAC_ERR_SERVER_CERT_NO_SERVER_AUTH', path, facts.extKeyUsage === undefined ? 'the leaf has no extendedKeyUsage: it needs serverAuth' : 'the leaf extendedKeyUsage lacks serverAuth (1.3.6.1.5.5.7.3.1)')
  }
  // RFC 8446 §4.4.2.2: the server's key signs the handshake, so KeyUsage (if any) must allow it (RFC 5280 §4.2.1.3).
  if (facts.keyUsage !== undefined && !keyUsageBit(facts.keyUsage, 0)) add(out, 'NAC_ERR_SERVER_CERT_KEY_USAGE', path, 'the leaf keyUsage lacks digitalSignature')
  if (cert.ca || facts.basicConstraintsCa) add(out, 'NAC_ERR_SERVER_CERT_LEAF_IS_CA', path, 'the first certificate is a CA certificate: put the server certificate first')
  const weakKey = keyTypeProblem(cert.publicKey)
  if (weakKey !== undefined) add(out, 'NAC_ERR_SERVER_CERT_KEY_TYPE', path, `the leaf has ${weakKey}: use RSA of 2048 bits or more, or EC P-256 or P-384`)
  if (key !== undefined) {
    let matches = false
    try { matches = cert.checkPrivateKey(key) } catch { matches = false }
    if (!matches) add(out, 'NAC_ERR_SERVER_CERT_KEY_MISMATCH', 'keyPem', 'the key does not belong to the first certificate of the chain')
  }
}

/** Check a custom server certificate chain and key; every broken rule is reported. */
export function checkServerCertificate(input: ServerCertificateInput): Checked<CheckedServerCertificate> {
  const out: Problems = []
  const chain = parseChain(input.chainPem, out)
  const key = readKey(input.keyPem, input.passphrase, out)
  if (chain === undefined) return { ok: false, errors: out }
  const now = input.now ?? Date.now()
  const leaf = chain[0]!
  checkLeaf(leaf, key, out)

  const last = chain.length - 1
  const rootIsSelfSigned = selfSigned(chain[last]!.cert)
  chain.forEach(({ cert, facts }, i) => {
    const path = `chainPem[${i}]`
    // L3835: "Use certificate version 3 or v3 (not legacy v1)".
    if (facts.version !== 3) add(out, 'NAC_ERR_SERVER_CERT_LEGACY_VERSION', path, `${label(cert, i)} is X.509 v${facts.version}, not v3`)
    const isRoot = i === last && rootIsSelfSigned && (cert.ca || i > 0)
    const weak = isRoot ? undefined : signatureProblem(facts)
    if (weak !== undefined) add(out, 'NAC_ERR_SERVER_CERT_WEAK_SIGNATURE', path, `${label(cert, i)} is signed with ${weak}: SHA-256 or better is required`)
    if (Date.parse(cert.validTo) <= now) add(out, 'NAC_ERR_SERVER_CERT_EXPIRED', path, `${label(cert, i)} expired on ${new Date(cert.validTo).toISOString()}`)
    else if (Date.parse(cert.validFrom) > now) add(out, 'NAC_ERR_SERVER_CERT_NOT_YET_VALID', path, `${label(cert, i)} is valid from ${new Date(cert.validFrom).toISOString()}`)
    const issuer = chain[i + 1]?.cert
    if (issuer !== undefined) {
      if (!verifies(cert, issuer)) add(out, 'NAC_ERR_SERVER_CERT_CHAIN_BROKEN', `chainPem[${i + 1}]`, `${label(issuer, i + 1)} did not issue ${label(cert, i)}: give the leaf first, then each issuer in turn`)
      else if (!issuer.ca) add(out, 'NAC_ERR_SERVER_CERT_ISSUER_NOT_CA', `chainPem[${i + 1}]`, `${label(issuer, i + 1)} signed the one before it but is not a CA certificate`)
    }
  })
  // L3825: "Ensure that you include all the intermediate CAs and the Root CA certificate".
  if (!rootIsSelfSigned) {
    add(out, 'NAC_ERR_SERVER_CERT_CHAIN_INCOMPLETE', `chainPem[${last}]`, `the chain ends at ${label(chain[last]!.cert, last)}, which is not self-signed: add its issuers up to the root CA`)
  }
  if (out.length > 0 || key === undefined) return { ok: false, errors: out }
  const served = chain.length > 1 && rootIsSelfSigned ? chain.slice(0, last) : chain
  return {
    ok: true,
    value: {
      chain: chain.map((c) => c.cert),
      servedChainPem: served.map((c) => c.cert.toString()).join(''),
      keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    },
  }
}
