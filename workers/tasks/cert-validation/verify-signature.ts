// Signature check over a signed structure's to-be-signed bytes: certificates (RFC 5280 §4.1.1.3),
// CRLs (§5.1.1.3) and OCSP responses (RFC 6960 §4.2.1), with node:crypto (OpenSSL).
// Algorithms: RFC 4055 RSA PKCS#1 v1.5 and RSASSA-PSS, RFC 5758 ECDSA, RFC 8410 Ed25519/Ed448.
// Deliberate deviation: SHA-1 and MD5 signatures are refused (RFC 6194, collision attacks).
import { createPublicKey, constants, verify, type KeyObject } from 'node:crypto'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'

interface Scheme { hash: string | null; pss?: true }

const SCHEMES: Readonly<Record<string, Scheme>> = {
  '1.2.840.113549.1.1.11': { hash: 'sha256' },
  '1.2.840.113549.1.1.12': { hash: 'sha384' },
  '1.2.840.113549.1.1.13': { hash: 'sha512' },
  '1.2.840.113549.1.1.10': { hash: null, pss: true },
  '1.2.840.10045.4.3.2': { hash: 'sha256' },
  '1.2.840.10045.4.3.3': { hash: 'sha384' },
  '1.2.840.10045.4.3.4': { hash: 'sha512' },
  '1.3.101.112': { hash: null },
  '1.3.101.113': { hash: null },
}

const PSS_HASHES: Readonly<Record<string, string>> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
}

/** The public key of a SubjectPublicKeyInfo DER, or undefined when node cannot load it. */
export function publicKeyFromSpki(spkiDer: Uint8Array): KeyObject | undefined {
  try {
    return createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' })
  } catch {
    return undefined
  }
}

/** Is the algorithm one we accept for signatures? */
export function isAcceptedSignatureAlgorithm(alg: pkijs.AlgorithmIdentifier): boolean {
  return Object.hasOwn(SCHEMES, alg.algorithmId)
}

/**
 * Does `signature` over `tbs` verify with `key` under `alg`? Never throws: an unsupported
 * algorithm, malformed parameters or a key of the wrong type are all "no".
 */
export function verifySignature(alg: pkijs.AlgorithmIdentifier, tbs: Uint8Array, signature: Uint8Array, key: KeyObject): boolean {
  const scheme = SCHEMES[alg.algorithmId]
  if (scheme === undefined) return false
  try {
    if (scheme.pss === true) {
      const params = pssParams(alg)
      if (params === undefined) return false
      return verify(params.hash, tbs, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength }, signature)
    }
    return verify(scheme.hash, tbs, key, signature)
  } catch {
    return false
  }
}

function pssParams(alg: pkijs.AlgorithmIdentifier): { hash: string; saltLength: number } | undefined {
  // RFC 4055 §3.1: the defaults are SHA-1 and salt 20, which we refuse with the rest of SHA-1.
  if (!(alg.algorithmParams instanceof asn1js.Sequence)) return undefined
  const p = new pkijs.RSASSAPSSParams({ schema: alg.algorithmParams })
  const hash = PSS_HASHES[p.hashAlgorithm.algorithmId]
  const mgfHash = p.maskGenAlgorithm.algorithmParams instanceof asn1js.Sequence
    ? new pkijs.AlgorithmIdentifier({ schema: p.maskGenAlgorithm.algorithmParams }).algorithmId
    : undefined
  if (hash === undefined || PSS_HASHES[mgfHash ?? ''] !== hash) return undefined
  return { hash, saltLength: p.saltLength }
}
