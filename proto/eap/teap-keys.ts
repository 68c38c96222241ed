// TEAP key hierarchy over TLS 1.2 (RFC 7170 §5; the ambiguities resolved as hostapd 2.10's
// eap_teap_common.c does, which is what wpa_supplicant and Windows interoperate with):
//   session_key_seed = TLS-Exporter("EXPORTER: teap session key seed", no context, 40) = S-IMCK[0]
//   IMSK[j] = MSK[j] truncated or zero-padded to 32 octets (zeros when the method has no MSK);
//             from the EMSK: first 32 octets of TLS-PRF(EMSK, "TEAPbindkey@ietf.org", 0x00 || 64 as 2 octets, 64)
//   IMCK[j] = TLS-PRF(S-IMCK[j-1], "Inner Methods Compound Keys", IMSK[j], 60)
//   S-IMCK[j] = IMCK[j][0..39], CMK[j] = IMCK[j][40..59]; an MSK chain and an EMSK chain.
//   Compound MAC = the cipher suite's HMAC (SHA-1, SHA-256, SHA-384) keyed by CMK, first 20 octets.
//   MSK = TLS-PRF(S-IMCK[n], "Session Key Generating Function", 64) from the MSK chain;
//   EMSK = TLS-PRF(S-IMCK[n], "Extended Session Key Generating Function", 64).
// TLS-PRF is the TLS 1.2 PRF of the negotiated suite (RFC 5246 §5): P_SHA384 for *_SHA384 suites,
// P_SHA256 otherwise.
import { createHmac } from 'node:crypto'

export const SIMCK_LENGTH = 40
export const CMK_LENGTH = 20
const IMCK_LENGTH = SIMCK_LENGTH + CMK_LENGTH
const IMSK_LENGTH = 32
export const COMPOUND_MAC_LENGTH = 20

export type TeapHash = 'sha1' | 'sha256' | 'sha384'

/** The PRF hash and MAC hash of a TLS 1.2 cipher suite from its IANA name (Node's standardName). */
export function suiteHashes(standardName: string): { prf: 'sha256' | 'sha384'; mac: TeapHash } {
  if (standardName.endsWith('_SHA384')) return { prf: 'sha384', mac: 'sha384' }
  if (standardName.endsWith('_SHA256')) return { prf: 'sha256', mac: 'sha256' }
  // "..._CBC_SHA": HMAC-SHA1 record MAC; the TLS 1.2 PRF is still P_SHA256 (RFC 5246 §5).
  return { prf: 'sha256', mac: 'sha1' }
}

/** RFC 5246 §5: PRF(secret, label, seed) = P_hash(secret, label + seed). */
export function tlsPrf(hash: 'sha256' | 'sha384', secret: Buffer, label: string, seed: Buffer, length: number): Buffer {
  const labelSeed = Buffer.concat([Buffer.from(label, 'latin1'), seed])
  const out: Buffer[] = []
  let total = 0
  let a = labelSeed
  while (total < length) {
    a = createHmac(hash, secret).update(a).digest()
    const block = createHmac(hash, secret).update(a).update(labelSeed).digest()
    out.push(block)
    total += block.length
  }
  return Buffer.concat(out).subarray(0, length)
}

export interface CompoundKeys {
  /** S-IMCK[j] and CMK[j] of the MSK chain. */
  simckMsk: Buffer
  cmkMsk: Buffer
  /** The EMSK chain, when every inner method so far gave an EMSK (hostapd keeps it apart). */
  simckEmsk: Buffer
  cmkEmsk: Buffer | undefined
}

/** S-IMCK[0] from the tunnel: both chains start from session_key_seed. */
export function initialCompoundKeys(sessionKeySeed: Buffer): CompoundKeys {
  return { simckMsk: Buffer.from(sessionKeySeed), cmkMsk: Buffer.alloc(CMK_LENGTH), simckEmsk: Buffer.from(sessionKeySeed), cmkEmsk: undefined }
}

/** One inner method ended: IMCK[j] from its MSK and EMSK (RFC 7170 §5.2). */
export function nextCompoundKeys(prf: 'sha256' | 'sha384', prev: CompoundKeys, inner: { msk: Buffer | undefined; emsk: Buffer | undefined }): CompoundKeys {
  const imskMsk = Buffer.alloc(IMSK_LENGTH)
  inner.msk?.copy(imskMsk, 0, 0, Math.min(IMSK_LENGTH, inner.msk.length))
  const imck = tlsPrf(prf, prev.simckMsk, 'Inner Methods Compound Keys', imskMsk, IMCK_LENGTH)
  imskMsk.fill(0)
  let simckEmsk = prev.simckEmsk
  let cmkEmsk: Buffer | undefined
  if (inner.emsk !== undefined && inner.emsk.length > 0) {
    // "TEAPbindkey@ietf.org" | "\0" | 64 as a 2-octet length (§5.2).
    const imsk = tlsPrf(prf, inner.emsk, 'TEAPbindkey@ietf.org', Buffer.from([0x00, 0x00, 0x40]), 64)
    const imckE = tlsPrf(prf, prev.simckEmsk, 'Inner Methods Compound Keys', imsk.subarray(0, IMSK_LENGTH), IMCK_LENGTH)
    imsk.fill(0)
    simckEmsk = Buffer.from(imckE.subarray(0, SIMCK_LENGTH))
    cmkEmsk = Buffer.from(imckE.subarray(SIMCK_LENGTH, IMCK_LENGTH))
    imckE.fill(0)
  }
  const next = { simckMsk: Buffer.from(imck.subarray(0, SIMCK_LENGTH)), cmkMsk: Buffer.from(imck.subarray(SIMCK_LENGTH, IMCK_LENGTH)), simckEmsk, cmkEmsk }
  imck.fill(0)
  return next
}

/**
 * §5.3 Compound MAC over: the Crypto-Binding TLV with both MACs zeroed, the EAP Type of TEAP (55)
 * as "sent by the other party in the first TEAP message", the server's Outer TLVs of its first
 * message, and the peer's Outer TLVs of its first message.
 */
export function compoundMac(mac: TeapHash, cmk: Buffer, zeroedBinding: Buffer, serverOuterTlvs: Buffer, peerOuterTlvs: Buffer | undefined): Buffer {
  const h = createHmac(mac, cmk).update(zeroedBinding).update(Buffer.from([55])).update(serverOuterTlvs)
  if (peerOuterTlvs !== undefined) h.update(peerOuterTlvs)
  return h.digest().subarray(0, COMPOUND_MAC_LENGTH)
}

/** §5.4: MSK and EMSK from the last S-IMCK of the MSK chain (as hostapd: RFC 7170 does not say which chain). */
export function teapMethodKeys(prf: 'sha256' | 'sha384', keys: CompoundKeys, sessionId: Buffer): { msk: Buffer; emsk: Buffer; sessionId: Buffer } {
  return {
    msk: tlsPrf(prf, keys.simckMsk, 'Session Key Generating Function', Buffer.alloc(0), 64),
    emsk: tlsPrf(prf, keys.simckMsk, 'Extended Session Key Generating Function', Buffer.alloc(0), 64),
    sessionId,
  }
}

export function zeroCompoundKeys(k: CompoundKeys): void {
  k.simckMsk.fill(0)
  k.cmkMsk.fill(0)
  k.simckEmsk.fill(0)
  k.cmkEmsk?.fill(0)
}
