// Message-Authenticator (Type 80): HMAC-MD5 over the whole packet with the attribute's value
// zeroed. RFC 3579 §3.2 (Access-*), RFC 5176 §3.5 (CoA/Disconnect), RFC 5997 §3 (Status-Server),
// RFC 2869 §5.14; placed first in replies against BlastRADIUS (CVE-2024-3596).
import { createHmac, timingSafeEqual } from 'node:crypto'
import { Attr } from './attr.js'
import { hasComputedRequestAuthenticator } from './code.js'
import { HEADER_LENGTH, MAX_PACKET_LENGTH, type RawAttribute } from './packet.js'

const ZERO16 = Buffer.alloc(16)
const ABSENT = -1
const INVALID = -2

/** Type 80 with 16 zero octets; put it FIRST in replies (BlastRADIUS, CVE-2024-3596). */
export const MESSAGE_AUTHENTICATOR_PLACEHOLDER: RawAttribute = Object.freeze({
  type: Attr.MessageAuthenticator,
  value: Buffer.alloc(16),
}) as RawAttribute

/**
 * Offset of the single Message-Authenticator value in `packet`, ABSENT, or INVALID when the
 * structure is broken, the attribute repeats, or its length is not 18. RFC 3579 §3.2: "A
 * packet MUST NOT have more than one Message-Authenticator attribute" (it is "0-1" in every
 * table of §3.3).
 */
export function locateMessageAuthenticator(packet: Buffer): number {
  if (packet.length < HEADER_LENGTH) return INVALID
  const length = packet.readUInt16BE(2)
  if (length < HEADER_LENGTH || length > MAX_PACKET_LENGTH || length > packet.length) return INVALID
  let found = ABSENT
  let off = HEADER_LENGTH
  while (off + 2 <= length) {
    const alen = packet[off + 1] as number
    if (alen < 2 || off + alen > length) return INVALID
    if (packet[off] === Attr.MessageAuthenticator) {
      if (found !== ABSENT || alen !== 18) return INVALID
      found = off + 2
    }
    off += alen
  }
  return off === length ? found : INVALID
}

/**
 * The authenticator-field contents the HMAC covers: the request's authenticator for replies
 * (RFC 3579 §3.2 "the Request Authenticator from the Access-Request"), zeros for
 * Accounting/CoA/Disconnect requests (RFC 5176 §3.5, as FreeRADIUS and radclient do for
 * Accounting-Request too), the packet's own random authenticator for Access-Request and
 * Status-Server.
 */
function authenticatorForHmac(packet: Buffer, requestAuthenticator: Buffer | undefined): Buffer {
  if (requestAuthenticator !== undefined) return requestAuthenticator
  if (hasComputedRequestAuthenticator(packet[0] as number)) return ZERO16
  return packet.subarray(4, 20)
}

function hmac(packet: Buffer, maOffset: number, secret: Buffer, auth: Buffer): Buffer {
  const length = packet.readUInt16BE(2)
  return createHmac('md5', secret)
    .update(packet.subarray(0, 4))
    .update(auth)
    .update(packet.subarray(HEADER_LENGTH, maOffset))
    .update(ZERO16)
    .update(packet.subarray(maOffset + 16, length))
    .digest()
}

/**
 * Fill the Message-Authenticator value in place, if the packet has exactly one. The
 * authenticator field must already hold what the HMAC covers (see signRequest/signResponse).
 * Returns false when absent; throws RangeError when the packet is malformed (programmer error).
 */
export function fillMessageAuthenticator(packet: Buffer, secret: Buffer): boolean {
  const at = locateMessageAuthenticator(packet)
  if (at === ABSENT) return false
  if (at === INVALID) throw new RangeError('packet to sign is malformed or has more than one Message-Authenticator')
  hmac(packet, at, secret, packet.subarray(4, 20)).copy(packet, at)
  return true
}

/**
 * Check Message-Authenticator. Give `requestAuthenticator` when `packet` is a response.
 * More than one Message-Authenticator, a wrong length or a malformed packet is 'invalid'.
 */
export function verifyMessageAuthenticator(
  packet: Buffer,
  secret: Buffer,
  requestAuthenticator?: Buffer,
): 'absent' | 'valid' | 'invalid' {
  const at = locateMessageAuthenticator(packet)
  if (at === ABSENT) return 'absent'
  if (at === INVALID) return 'invalid'
  if (requestAuthenticator !== undefined && requestAuthenticator.length !== 16) return 'invalid'
  const expected = hmac(packet, at, secret, authenticatorForHmac(packet, requestAuthenticator))
  return timingSafeEqual(expected, packet.subarray(at, at + 16)) ? 'valid' : 'invalid'
}
