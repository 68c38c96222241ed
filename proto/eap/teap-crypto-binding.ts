// The TEAP Crypto-Binding TLV (RFC 7170 §4.2.13) as fields: the server's request (Sub-Type 0, a
// nonce with its last bit 0) and the peer's response (Sub-Type 1, the same nonce with the last
// bit set). The Compound MACs are computed over the TLV with both MAC fields zeroed (§5.3).
import { CRYPTO_BINDING_VALUE_LENGTH, TeapTlvType, encodeTlv } from './teap-tlv.js'

/** §4.2.13 Flags: "1 EMSK Compound MAC is present", "2 MSK ...", "3 Both". */
export const CryptoBindingFlags = { Emsk: 1, Msk: 2, Both: 3 } as const
/** §4.2.13 Sub-Type: "0 Binding Request", "1 Binding Response". */
export const CryptoBindingSubType = { Request: 0, Response: 1 } as const

export const CB_NONCE_LENGTH = 32
export const CB_MAC_LENGTH = 20
/** Offsets inside the whole TLV (4-octet header first). */
const NONCE_AT = 4 + 4
const EMSK_MAC_AT = NONCE_AT + CB_NONCE_LENGTH
const MSK_MAC_AT = EMSK_MAC_AT + CB_MAC_LENGTH

export interface CryptoBinding {
  version: number
  receivedVersion: number
  flags: number
  subType: number
  nonce: Buffer
  emskMac: Buffer
  mskMac: Buffer
}

/** The whole TLV (header included), M bit set as RFC 7170 §4.2.13 requires. */
export function encodeCryptoBinding(cb: CryptoBinding): Buffer {
  const v = Buffer.alloc(CRYPTO_BINDING_VALUE_LENGTH)
  v[1] = cb.version
  v[2] = cb.receivedVersion
  v[3] = ((cb.flags & 0x0f) << 4) | (cb.subType & 0x0f)
  cb.nonce.copy(v, 4, 0, CB_NONCE_LENGTH)
  cb.emskMac.copy(v, 4 + CB_NONCE_LENGTH, 0, CB_MAC_LENGTH)
  cb.mskMac.copy(v, 4 + CB_NONCE_LENGTH + CB_MAC_LENGTH, 0, CB_MAC_LENGTH)
  return encodeTlv(TeapTlvType.CryptoBinding, v, true)
}

/** Fields of a whole TLV as decodePeerMessage returns it (its length already checked). */
export function decodeCryptoBinding(tlv: Buffer): CryptoBinding {
  return {
    version: tlv[5] as number,
    receivedVersion: tlv[6] as number,
    flags: (tlv[7] as number) >> 4,
    subType: (tlv[7] as number) & 0x0f,
    nonce: tlv.subarray(NONCE_AT, NONCE_AT + CB_NONCE_LENGTH),
    emskMac: tlv.subarray(EMSK_MAC_AT, EMSK_MAC_AT + CB_MAC_LENGTH),
    mskMac: tlv.subarray(MSK_MAC_AT, MSK_MAC_AT + CB_MAC_LENGTH),
  }
}

/** §5.3 item 1: "The entire Crypto-Binding TLV attribute with both the EMSK and MSK Compound MAC fields zeroed out." */
export function zeroedMacs(tlv: Buffer): Buffer {
  const copy = Buffer.from(tlv)
  copy.fill(0, EMSK_MAC_AT, MSK_MAC_AT + CB_MAC_LENGTH)
  return copy
}
