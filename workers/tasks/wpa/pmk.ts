// The PMK of a WPA2/WPA3-Personal key (IEEE 802.11-2020 J.4.1): PSK = PBKDF2(HMAC-SHA1,
// passphrase, ssid, 4096 iterations, 256 bits); a 64-hex-digit PSK is the PMK itself (12.7.1.3:
// "the PMK is the PSK"). Passphrases are 8-63 ASCII characters (J.4.1). Pure, synchronous.
import { pbkdf2Sync } from 'node:crypto'

const ITERATIONS = 4096
const PMK_OCTETS = 32
const HEX64 = /^[0-9a-fA-F]{64}$/
// J.4.1: "a sequence of between 8 and 63 ASCII-encoded characters. ... each character in the
// pass-phrase has an encoding in the range 32 to 126 (decimal), inclusive".
const PASSPHRASE = /^[\x20-\x7e]{8,63}$/

/** Is the text a valid passphrase (8-63 printable ASCII) or a 64-hex PSK? */
export function isPskSecret(secret: string): boolean {
  return PASSPHRASE.test(secret) || HEX64.test(secret)
}

/** Is the secret a raw 64-hex PSK rather than a passphrase? */
export function isHexPsk(secret: string): boolean {
  return HEX64.test(secret)
}

/** PBKDF2-SHA1 passphrase-to-PSK mapping (IEEE 802.11-2020 J.4.1), 32 octets. */
export function passphraseToPmk(passphrase: string, ssid: Uint8Array): Buffer {
  return pbkdf2Sync(Buffer.from(passphrase, 'latin1'), ssid, ITERATIONS, PMK_OCTETS, 'sha1')
}

/** The PMK for a configured secret: a 64-hex PSK as is, else the passphrase mapping. */
export function pmkOf(secret: string, ssid: Uint8Array): Buffer {
  if (HEX64.test(secret)) return Buffer.from(secret, 'hex')
  if (!PASSPHRASE.test(secret)) throw new RangeError('PSK secret is neither an 8-63 character ASCII passphrase nor 64 hex digits')
  return passphraseToPmk(secret, ssid)
}
