// CertificateVerify signatures (RFC 8446 §4.4.3): the content signed is 64 octets of 0x20, the
// context string ("TLS 1.3, server CertificateVerify" or "... client ..."), one 0x00, and the
// transcript hash; each SignatureScheme fixes the key type and hash (§4.2.3: ECDSA curves bound
// to their hash; RSASSA-PSS with "the length of the salt MUST be equal to the length of the
// digest algorithm"; rsa_pss_rsae_* for rsaEncryption keys, rsa_pss_pss_* for RSASSA-PSS keys).
import { constants, sign, verify, type KeyObject } from 'node:crypto'
import { SignatureScheme } from './constants.js'

const PAD = Buffer.alloc(64, 0x20)
const SERVER_CONTEXT = Buffer.from('TLS 1.3, server CertificateVerify\0', 'latin1')
const CLIENT_CONTEXT = Buffer.from('TLS 1.3, client CertificateVerify\0', 'latin1')

export function signedContent(side: 'server' | 'client', transcriptHash: Buffer): Buffer {
  return Buffer.concat([PAD, side === 'server' ? SERVER_CONTEXT : CLIENT_CONTEXT, transcriptHash])
}

interface SchemeRule { keyType: string; curve?: string; hash: string | null; pss: boolean }

const RULES: ReadonlyMap<number, SchemeRule> = new Map<number, SchemeRule>([
  [SignatureScheme.EcdsaSecp256r1Sha256, { keyType: 'ec', curve: 'prime256v1', hash: 'sha256', pss: false }],
  [SignatureScheme.EcdsaSecp384r1Sha384, { keyType: 'ec', curve: 'secp384r1', hash: 'sha384', pss: false }],
  [SignatureScheme.RsaPssRsaeSha256, { keyType: 'rsa', hash: 'sha256', pss: true }],
  [SignatureScheme.RsaPssRsaeSha384, { keyType: 'rsa', hash: 'sha384', pss: true }],
  [SignatureScheme.RsaPssRsaeSha512, { keyType: 'rsa', hash: 'sha512', pss: true }],
  [SignatureScheme.Ed25519, { keyType: 'ed25519', hash: null, pss: false }],
  [SignatureScheme.RsaPssPssSha256, { keyType: 'rsa-pss', hash: 'sha256', pss: true }],
  [SignatureScheme.RsaPssPssSha384, { keyType: 'rsa-pss', hash: 'sha384', pss: true }],
  [SignatureScheme.RsaPssPssSha512, { keyType: 'rsa-pss', hash: 'sha512', pss: true }],
])

/** The schemes the client offers in signature_algorithms, in preference order. */
export const OFFERED_SCHEMES: readonly number[] = [...RULES.keys()]

// Type and curve of a key, read once per KeyObject: each read of asymmetricKeyDetails is a call
// into OpenSSL and a new object, and the same client key and cached server keys sign and verify
// every handshake.
const kinds = new WeakMap<KeyObject, { type: string | undefined; curve: string | undefined }>()

function fits(rule: SchemeRule, key: KeyObject): boolean {
  let k = kinds.get(key)
  if (k === undefined) {
    k = { type: key.asymmetricKeyType, curve: key.asymmetricKeyDetails?.namedCurve }
    kinds.set(key, k)
  }
  if (k.type !== rule.keyType) return false
  return rule.curve === undefined || k.curve === rule.curve
}

/** Verifies the server's signature; false for a scheme not offered or not fitting the leaf's key. */
export function verifyCertificateVerify(scheme: number, key: KeyObject, transcriptHash: Buffer, signature: Buffer): boolean {
  const rule = RULES.get(scheme)
  if (rule === undefined || !fits(rule, key)) return false
  const content = signedContent('server', transcriptHash)
  try {
    return rule.pss
      ? verify(rule.hash, content, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, signature)
      : verify(rule.hash, content, key, signature)
  } catch {
    return false
  }
}

/** The scheme the client signs with for its key, among those the server accepts; undefined: none fits. */
export function clientScheme(key: KeyObject, accepted: readonly number[]): number | undefined {
  for (const s of accepted) {
    const rule = RULES.get(s)
    if (rule !== undefined && fits(rule, key)) return s
  }
  return undefined
}

export function signCertificateVerify(scheme: number, key: KeyObject, transcriptHash: Buffer): Buffer {
  const rule = RULES.get(scheme) as SchemeRule
  const content = signedContent('client', transcriptHash)
  return rule.pss
    ? sign(rule.hash, content, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST })
    : sign(rule.hash, content, key)
}
