// The EAPOL-Key MIC (IEEE 802.11-2020 12.7.2 l): computed over the whole EAPOL PDU with the MIC
// field zeroed, under the KCK. Key descriptor version 2: HMAC-SHA1 truncated to 128 bits;
// version 3: AES-128-CMAC.
import { createHmac } from 'node:crypto'
import { aesCmac } from './aes-cmac.js'
import { MIC_OCTETS } from './eapol-key.js'

export function eapolMic(kck: Uint8Array, zeroedFrame: Uint8Array, version: number): Buffer {
  if (version === 2) return createHmac('sha1', kck).update(zeroedFrame).digest().subarray(0, MIC_OCTETS)
  if (version === 3) return aesCmac(kck, zeroedFrame)
  throw new RangeError(`key descriptor version ${version} is not supported (2: HMAC-SHA1, 3: AES-CMAC)`)
}
