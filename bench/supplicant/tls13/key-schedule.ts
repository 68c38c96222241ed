// The TLS 1.3 key schedule (RFC 8446 §7.1), with or without a resumption PSK (§4.2.11.2 binder,
// §4.6.1 ticket PSK): HKDF-Extract and HKDF-Expand (RFC 5869)
// on one-shot HMACs (hmac.ts), HKDF-Expand-Label, Derive-Secret, the traffic keys (§7.3), the Finished key
// (§4.4.4) and the exporter (§7.5). The transcript hash comes from the caller (a running hash).
import { createHash } from 'node:crypto'
import { hmac } from './hmac.js'

export type HashName = 'sha256' | 'sha384'

export const HASH_LENGTH: Readonly<Record<HashName, number>> = { sha256: 32, sha384: 48 }

/** RFC 5869 §2.2: PRK = HMAC-Hash(salt, IKM). */
export function hkdfExtract(hash: HashName, salt: Buffer, ikm: Buffer): Buffer {
  return hmac(hash, salt, ikm)
}

/** RFC 5869 §2.3: T(i) = HMAC-Hash(PRK, T(i-1) | info | i), the first `length` octets. */
export function hkdfExpand(hash: HashName, prk: Buffer, info: Buffer, length: number): Buffer {
  const hl = HASH_LENGTH[hash]
  if (length <= hl) return hmac(hash, prk, info, ONE).subarray(0, length)
  const blocks: Buffer[] = []
  let prev: Buffer = Buffer.alloc(0)
  for (let i = 1; blocks.length * hl < length; i++) {
    prev = hmac(hash, prk, prev, info, Buffer.from([i]))
    blocks.push(prev)
  }
  return Buffer.concat(blocks).subarray(0, length)
}

const ONE = Buffer.from([1])
const LABEL_PREFIX = 'tls13 '

/**
 * RFC 8446 §7.1: HKDF-Expand-Label(Secret, Label, Context, Length) = HKDF-Expand(Secret,
 * HkdfLabel, Length), HkdfLabel = uint16 length, opaque label<7..255> = "tls13 " + Label,
 * opaque context<0..255>.
 */
export function expandLabel(hash: HashName, secret: Buffer, label: string, context: Buffer, length: number): Buffer {
  const l = LABEL_PREFIX.length + label.length
  const info = Buffer.allocUnsafe(2 + 1 + l + 1 + context.length)
  info.writeUInt16BE(length, 0)
  info[2] = l
  info.write(LABEL_PREFIX + label, 3, 'latin1')
  info[3 + l] = context.length
  context.copy(info, 4 + l)
  return hkdfExpand(hash, secret, info, length)
}

/** RFC 8446 §7.1: Derive-Secret(Secret, Label, Messages) with Transcript-Hash(Messages) given. */
export function deriveSecret(hash: HashName, secret: Buffer, label: string, transcriptHash: Buffer): Buffer {
  return expandLabel(hash, secret, label, transcriptHash, HASH_LENGTH[hash])
}

const emptyHashes = new Map<HashName, Buffer>()
/** Hash of the empty string (Derive-Secret(., "derived", "") and the exporter's context step). */
export function emptyHash(hash: HashName): Buffer {
  let h = emptyHashes.get(hash)
  if (h === undefined) { h = createHash(hash).digest(); emptyHashes.set(hash, h) }
  return h
}

const derivedFromEarly = new Map<HashName, Buffer>()
/**
 * RFC 8446 §7.1 without a PSK: Early Secret = HKDF-Extract(0, 0), then Derive-Secret(., "derived",
 * ""): the same for every full handshake with one hash, so computed once per hash.
 */
export function derivedEarlySecret(hash: HashName): Buffer {
  let d = derivedFromEarly.get(hash)
  if (d === undefined) {
    const zeros = Buffer.alloc(HASH_LENGTH[hash])
    d = deriveSecret(hash, hkdfExtract(hash, zeros, zeros), 'derived', emptyHash(hash))
    derivedFromEarly.set(hash, d)
  }
  return d
}

/** RFC 8446 §7.1 with a PSK: Early Secret = HKDF-Extract(0, PSK). */
export function pskEarlySecret(hash: HashName, psk: Buffer): Buffer {
  return hkdfExtract(hash, Buffer.alloc(HASH_LENGTH[hash]), psk)
}

/** RFC 8446 §7.1: Derive-Secret(Early Secret, "derived", ""), the salt of the Handshake Secret. */
export function derivedFrom(hash: HashName, early: Buffer): Buffer {
  return deriveSecret(hash, early, 'derived', emptyHash(hash))
}

/**
 * RFC 8446 §4.2.11.2: "The PskBinderEntry is computed in the same way as the Finished message
 * (Section 4.4.4) but with the BaseKey being the binder_key derived via the key schedule from the
 * corresponding PSK"; §7.1: binder_key = Derive-Secret(Early Secret, "res binder", "") for a
 * resumption PSK. `truncatedHash` is the transcript hash up to the binders list.
 */
export function pskBinder(hash: HashName, early: Buffer, truncatedHash: Buffer): Buffer {
  const binderKey = deriveSecret(hash, early, 'res binder', emptyHash(hash))
  const binder = finishedVerifyData(hash, binderKey, truncatedHash)
  binderKey.fill(0)
  return binder
}

/** RFC 8446 §4.6.1: PSK = HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length). */
export function ticketPsk(hash: HashName, resumptionMaster: Buffer, nonce: Buffer): Buffer {
  return expandLabel(hash, resumptionMaster, 'resumption', nonce, HASH_LENGTH[hash])
}

/** RFC 8446 §7.1: Handshake Secret = HKDF-Extract(Derive-Secret(Early Secret, "derived", ""), (EC)DHE). */
export function handshakeSecret(hash: HashName, sharedSecret: Buffer, derivedEarly = derivedEarlySecret(hash)): Buffer {
  return hkdfExtract(hash, derivedEarly, sharedSecret)
}

/** RFC 8446 §7.1: Master Secret = HKDF-Extract(Derive-Secret(Handshake Secret, "derived", ""), 0). */
export function masterSecret(hash: HashName, hsSecret: Buffer): Buffer {
  return hkdfExtract(hash, deriveSecret(hash, hsSecret, 'derived', emptyHash(hash)), Buffer.alloc(HASH_LENGTH[hash]))
}

/** RFC 8446 §7.3: [sender]_write_key and [sender]_write_iv from a traffic secret. */
export function trafficKeys(hash: HashName, secret: Buffer, keyLength: number): { key: Buffer; iv: Buffer } {
  return { key: expandLabel(hash, secret, 'key', EMPTY, keyLength), iv: expandLabel(hash, secret, 'iv', EMPTY, 12) }
}

/** RFC 8446 §4.4.4: verify_data = HMAC(finished_key, Transcript-Hash(...)), finished_key = Expand-Label(base, "finished", "", Hash.length). */
export function finishedVerifyData(hash: HashName, baseKey: Buffer, transcriptHash: Buffer): Buffer {
  const finishedKey = expandLabel(hash, baseKey, 'finished', EMPTY, HASH_LENGTH[hash])
  return hmac(hash, finishedKey, transcriptHash)
}

/** RFC 8446 §7.2: application_traffic_secret_N+1 = HKDF-Expand-Label(application_traffic_secret_N, "traffic upd", "", Hash.length). */
export function nextTrafficSecret(hash: HashName, secret: Buffer): Buffer {
  return expandLabel(hash, secret, 'traffic upd', EMPTY, HASH_LENGTH[hash])
}

/**
 * RFC 8446 §7.5: TLS-Exporter(label, context_value, key_length) = HKDF-Expand-Label(
 * Derive-Secret(Secret, label, ""), "exporter", Hash(context_value), key_length). "If no
 * context is provided, the context_value is zero length", so absent and empty are the same.
 */
export function exporter(hash: HashName, exporterMasterSecret: Buffer, label: string, context: Buffer | undefined, length: number): Buffer {
  const inner = deriveSecret(hash, exporterMasterSecret, label, emptyHash(hash))
  return expandLabel(hash, inner, 'exporter', createHash(hash).update(context ?? EMPTY).digest(), length)
}

const EMPTY = Buffer.alloc(0)
