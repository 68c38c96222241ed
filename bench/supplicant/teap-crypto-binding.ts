// The peer's half of TEAP's Crypto-Binding (RFC 7170 §4.2.13, §5.2, §5.3), as wpa_supplicant
// 2.10's eap_teap.c does it (eap_teap_validate_crypto_binding, eap_teap_process_crypto_binding,
// eap_teap_write_crypto_binding): check the server's request (Version 1, Received-Ver the version
// the peer received, Sub-Type 0 "Binding Request", Flags 1-3, the Nonce's last bit clear), take
// IMCK[j] from the inner method's MSK and EMSK, verify the server's MSK Compound MAC and, when the
// inner method gave an EMSK, its EMSK Compound MAC, and answer with Sub-Type 1, the Nonce plus one
// and the peer's own MACs. A MAC that does not verify ends the conversation: the tunnel may be
// compromised (§3.6.2, wpa_supplicant answers with Error 2001 and Result Failure).
import { timingSafeEqual } from 'node:crypto'
import {
  CB_MAC_LENGTH, CB_NONCE_LENGTH, CryptoBindingFlags, CryptoBindingSubType, TEAP_VERSION, compoundMac, decodeCryptoBinding,
  encodeCryptoBinding, nextCompoundKeys, zeroedMacs, type CompoundKeys, type TeapHash,
} from '../../proto/eap/index.js'

/** What the Compound MACs of one tunnel are computed with. */
export interface TeapBindingContext {
  /** The tunnel's TLS 1.2 PRF and MAC hashes (suiteHashes). */
  prf: 'sha256' | 'sha384'
  mac: TeapHash
  /** The Outer TLVs of the server's TEAP/Start (its Authority-ID), covered by the MACs (§5.3). */
  serverOuterTlvs: Buffer
  /** The TEAP version the server announced; the peer sends no Outer TLVs (as wpa_supplicant 2.10). */
  receivedVersion: number
}

export type BindingAnswer =
  | { ok: true; keys: CompoundKeys; response: Buffer }
  | { ok: false; reason: string }

/** wpa_supplicant's inc_byte_array: the Nonce as a big-endian number plus one (§4.2.13: the last bit becomes 1). */
function incremented(nonce: Buffer): Buffer {
  const out = Buffer.from(nonce)
  for (let i = out.length - 1; i >= 0; i--) {
    out[i] = ((out[i] as number) + 1) & 0xff
    if (out[i] !== 0) break
  }
  return out
}

const macEquals = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b)

/**
 * Checks the server's Crypto-Binding request (the whole TLV, header included) after an inner
 * method that gave `inner` keys, and builds the response. `prev` is the IMCK chain so far
 * (S-IMCK[0] from the tunnel first); on success `keys` is IMCK[j].
 */
export function answerCryptoBinding(ctx: TeapBindingContext, prev: CompoundKeys, inner: { msk: Buffer | undefined; emsk: Buffer | undefined }, requestTlv: Buffer): BindingAnswer {
  const cb = decodeCryptoBinding(requestTlv)
  if (cb.version !== TEAP_VERSION || cb.receivedVersion !== ctx.receivedVersion || cb.subType !== CryptoBindingSubType.Request
    || cb.flags < CryptoBindingFlags.Emsk || cb.flags > CryptoBindingFlags.Both) {
    return { ok: false, reason: `Crypto-Binding request: Version ${cb.version} Received-Ver ${cb.receivedVersion} Flags ${cb.flags} Sub-Type ${cb.subType}` }
  }
  // §4.2.13: "the least significant bit of the last octet of the Nonce ... set to 0" in a request.
  if (((cb.nonce[CB_NONCE_LENGTH - 1] as number) & 0x01) !== 0) return { ok: false, reason: 'Crypto-Binding request Nonce has its last bit set' }
  const keys = nextCompoundKeys(ctx.prf, prev, inner)
  const mac = (cmk: Buffer, tlv: Buffer): Buffer => compoundMac(ctx.mac, cmk, zeroedMacs(tlv), ctx.serverOuterTlvs, undefined)
  const withMsk = cb.flags === CryptoBindingFlags.Msk || cb.flags === CryptoBindingFlags.Both
  const withEmsk = cb.flags === CryptoBindingFlags.Emsk || cb.flags === CryptoBindingFlags.Both
  if (withMsk && !macEquals(mac(keys.cmkMsk, requestTlv), cb.mskMac)) return { ok: false, reason: "the server's MSK Compound MAC did not verify" }
  // wpa_supplicant checks the EMSK MAC only when its inner method gave an EMSK, and refuses an
  // EMSK-only binding it cannot check.
  const emskCmk = withEmsk ? keys.cmkEmsk : undefined
  if (emskCmk !== undefined && !macEquals(mac(emskCmk, requestTlv), cb.emskMac)) return { ok: false, reason: "the server's EMSK Compound MAC did not verify" }
  if (cb.flags === CryptoBindingFlags.Emsk && emskCmk === undefined) return { ok: false, reason: 'Crypto-Binding with only an EMSK Compound MAC, and no inner EMSK' }
  const draft = encodeCryptoBinding({
    version: TEAP_VERSION, receivedVersion: ctx.receivedVersion, flags: emskCmk === undefined ? CryptoBindingFlags.Msk : CryptoBindingFlags.Both,
    subType: CryptoBindingSubType.Response, nonce: incremented(cb.nonce), emskMac: Buffer.alloc(CB_MAC_LENGTH), mskMac: Buffer.alloc(CB_MAC_LENGTH),
  })
  const response = encodeCryptoBinding({
    ...decodeCryptoBinding(draft),
    mskMac: mac(keys.cmkMsk, draft),
    emskMac: emskCmk === undefined ? Buffer.alloc(CB_MAC_LENGTH) : mac(emskCmk, draft),
  })
  return { ok: true, keys, response }
}
