// The fields of an EAPOL-Key frame (IEEE 802.11-2020 12.7.2, Figure 12-32) that the 4-way
// handshake's message 2 check needs: Key Information, Key Nonce (the SNonce) and Key MIC. Offsets
// count from the EAPOL header (IEEE 802.1X-2010 11.3: version, type, body length), as the MIC does.

const EAPOL_HEADER = 4
const EAPOL_TYPE_KEY = 3
/** 12.7.2: Descriptor Type 2 is the IEEE 802.11 (RSN) key descriptor. */
const DESCRIPTOR_RSN = 2
const NONCE_AT = EAPOL_HEADER + 1 + 2 + 2 + 8
const MIC_AT = NONCE_AT + 32 + 16 + 8 + 8
/** For the AKMs handled here (00-0F-AC:2, :6) the MIC is 16 octets (12.7.3, Table 12-11). */
export const MIC_OCTETS = 16
const MIN_LENGTH = MIC_AT + MIC_OCTETS + 2

/** Key Information bits (12.7.2 b): version in bits 0-2, then the flags used to spot message 2. */
export const KeyInfo = { version: 0x0007, pairwise: 0x0008, install: 0x0040, ack: 0x0080, mic: 0x0100, secure: 0x0200 } as const

export interface EapolKey {
  /** Key Descriptor Version: 2 = HMAC-SHA1-128 / PRF-SHA1, 3 = AES-128-CMAC / KDF-SHA256. */
  version: number
  keyInfo: number
  snonce: Buffer
  mic: Buffer
  /** The frame with the Key MIC field zeroed, as the MIC is computed over it (12.7.2 l). */
  zeroed: Buffer
}

export type EapolKeyFailure = 'TOO_SHORT' | 'NOT_EAPOL_KEY' | 'NOT_RSN_DESCRIPTOR' | 'NOT_MESSAGE_2'

/** Parse message 2 of the 4-way handshake (12.7.6.3: Key Type 1, Key Ack 0, Key MIC 1, Secure 0). */
export function parseMessage2(frame: Uint8Array): { ok: true; value: EapolKey } | { ok: false; reason: EapolKeyFailure } {
  const f = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength)
  if (f.length < MIN_LENGTH) return { ok: false, reason: 'TOO_SHORT' }
  if (f[1] !== EAPOL_TYPE_KEY || EAPOL_HEADER + f.readUInt16BE(2) > f.length) return { ok: false, reason: 'NOT_EAPOL_KEY' }
  if (f[EAPOL_HEADER] !== DESCRIPTOR_RSN) return { ok: false, reason: 'NOT_RSN_DESCRIPTOR' }
  const keyInfo = f.readUInt16BE(EAPOL_HEADER + 1)
  const m2 = (keyInfo & (KeyInfo.pairwise | KeyInfo.ack | KeyInfo.mic | KeyInfo.secure | KeyInfo.install)) === (KeyInfo.pairwise | KeyInfo.mic)
  if (!m2) return { ok: false, reason: 'NOT_MESSAGE_2' }
  const length = EAPOL_HEADER + f.readUInt16BE(2)
  const zeroed = Buffer.from(f.subarray(0, length))
  zeroed.fill(0, MIC_AT, MIC_AT + MIC_OCTETS)
  return {
    ok: true,
    value: {
      version: keyInfo & KeyInfo.version,
      keyInfo,
      snonce: Buffer.from(f.subarray(NONCE_AT, NONCE_AT + 32)),
      mic: Buffer.from(f.subarray(MIC_AT, MIC_AT + MIC_OCTETS)),
      zeroed,
    },
  }
}
