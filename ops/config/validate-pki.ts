// The `pki` section of an org's YAML (requirements §3.1-3.3): trusted client CAs and the EAP
// server certificate, as PEM files named relative to the YAML file (like deviceCa):
//   pki: { trustedCas: [ca.pem, ...], serverCertificate: { chain: server-chain.pem, key: server-key.pem } }
// Read and checked here; the key never appears in a message.
import { X509Certificate, createPrivateKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { DEFAULT_REVOCATION, type OrgPkiConfig, type RevocationConfig } from '../../proto/wire/org-config.js'
import type { ConfigError } from './config-error.js'
import { SchemaReader, type LineOf } from './schema-reader.js'

const PKI_KEYS = ['trustedCas', 'serverCertificate', 'revocation'] as const
const REVOCATION_KEYS = ['crl', 'crlUrls', 'ocsp', 'ocspTimeoutMs'] as const
const OCSP_MODES = ['off', 'soft-fail', 'hard-fail'] as const
const SERVER_KEYS = ['chain', 'key'] as const
const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

export type PkiResult = { ok: true; pki: OrgPkiConfig | undefined } | { ok: false; errors: ConfigError[] }

/** Validate `doc.pki` (the whole parsed document is passed) and read the files it names. */
export function validatePki(doc: unknown, file: string, lineOf?: LineOf): PkiResult {
  const v = (doc as Record<string, unknown> | null)?.['pki']
  if (v === undefined || v === null) return { ok: true, pki: undefined }
  const r = new SchemaReader(file, lineOf)
  const m = r.mapping(v, ['pki'], PKI_KEYS)
  if (m === undefined) return { ok: false, errors: r.errors }
  const read = (rel: string, path: (string | number)[]): string | undefined => {
    try {
      return readFileSync(resolve(dirname(file), rel), 'utf8')
    } catch {
      r.error(path, 'pki', `cannot read "${rel}"`)
      return undefined
    }
  }
  const trustedCas: string[] = []
  r.strings(m.trustedCas, ['pki', 'trustedCas']).forEach((rel, i) => {
    const path = ['pki', 'trustedCas', i]
    const pem = read(rel, path)
    if (pem === undefined) return
    const certs = pem.match(PEM_CERT) ?? []
    // Requirements §3.1 L3793: "The text must include the --BEGIN CERTIFICATE-- and --END CERTIFICATE-- lines."
    if (certs.length === 0) return r.error(path, 'pki', `"${rel}" holds no PEM certificate`)
    try {
      for (const c of certs) if (!new X509Certificate(c).ca) return r.error(path, 'pki', `"${rel}" holds a certificate that is not a CA`)
    } catch {
      return r.error(path, 'pki', `"${rel}" holds a certificate that does not parse`)
    }
    trustedCas.push(pem)
  })
  let server: OrgPkiConfig['server']
  if (m.serverCertificate !== undefined && m.serverCertificate !== null) {
    const s = r.mapping(m.serverCertificate, ['pki', 'serverCertificate'], SERVER_KEYS, SERVER_KEYS)
    const chainRel = r.string(s?.chain, ['pki', 'serverCertificate', 'chain'], { nonEmpty: true })
    const keyRel = r.string(s?.key, ['pki', 'serverCertificate', 'key'], { nonEmpty: true })
    const chainPem = chainRel === undefined ? undefined : read(chainRel, ['pki', 'serverCertificate', 'chain'])
    const keyPem = keyRel === undefined ? undefined : read(keyRel, ['pki', 'serverCertificate', 'key'])
    if (chainPem !== undefined && keyPem !== undefined) {
      try {
        const leaf = new X509Certificate((chainPem.match(PEM_CERT) ?? [''])[0] ?? '')
        // Requirements §3.3 [I]: "the key matches the certificate's public key".
        if (!leaf.checkPrivateKey(createPrivateKey(keyPem))) r.error(['pki', 'serverCertificate', 'key'], 'pki', 'the key does not belong to the first certificate of the chain')
        else server = { chainPem, keyPem }
      } catch {
        r.error(['pki', 'serverCertificate'], 'pki', 'the chain or the key does not parse (PEM expected)')
      }
    }
  }
  const revocation = revocationSettings(r, m.revocation)
  return r.errors.length > 0 ? { ok: false, errors: r.errors } : { ok: true, pki: { trustedCas, server, revocation } }
}

/** `pki.revocation: { crl: true, crlUrls: [http://...], ocsp: soft-fail, ocspTimeoutMs: 2000 }`. */
function revocationSettings(r: SchemaReader, v: unknown): RevocationConfig {
  if (v === undefined || v === null) return DEFAULT_REVOCATION
  const m = r.mapping(v, ['pki', 'revocation'], REVOCATION_KEYS)
  if (m === undefined) return DEFAULT_REVOCATION
  const out: RevocationConfig = { ...DEFAULT_REVOCATION }
  if (m.crl !== undefined) {
    if (typeof m.crl === 'boolean') out.crl = m.crl
    else r.error(['pki', 'revocation', 'crl'], 'pki', 'crl is true or false')
  }
  out.crlUrls = r.strings(m.crlUrls, ['pki', 'revocation', 'crlUrls']).filter((u, i) => {
    // RFC 5280 §4.2.1.13: distribution points we can fetch are HTTP URIs.
    const ok = /^https?:\/\/\S+$/.test(u)
    if (!ok) r.error(['pki', 'revocation', 'crlUrls', i], 'pki', `"${u}" is not an http(s) URL`)
    return ok
  })
  if (m.ocsp !== undefined) {
    if (typeof m.ocsp === 'string' && (OCSP_MODES as readonly string[]).includes(m.ocsp)) out.ocsp = m.ocsp as RevocationConfig['ocsp']
    else r.error(['pki', 'revocation', 'ocsp'], 'pki', `ocsp is one of ${OCSP_MODES.join(', ')}`)
  }
  if (m.ocspTimeoutMs !== undefined) {
    if (typeof m.ocspTimeoutMs === 'number' && Number.isInteger(m.ocspTimeoutMs) && m.ocspTimeoutMs >= 100 && m.ocspTimeoutMs <= 30_000) out.ocspTimeoutMs = m.ocspTimeoutMs
    else r.error(['pki', 'revocation', 'ocspTimeoutMs'], 'pki', 'ocspTimeoutMs is an integer from 100 to 30000')
  }
  return out
}
