// Message-Authenticator (Type 80): HMAC-MD5 over the whole packet with the attribute's value
// zeroed. RFC 3579 §3.2 (Access-*), RFC 5176 §3.5 (CoA/Disconnect), RFC 5997 §3 (Status-Server),
// RFC 2869 §5.14; placed first in replies against BlastRADIUS (CVE-2024-3596).
import { timingSafeEqual } from 'node:crypto'
import { Attr } from './attr.js'
import { Code, hasComputedRequestAuthenticator } from './code.js'
import { HEADER_LENGTH, MAX_PACKET_LENGTH, type RawAttribute } from './packet.js'
import { hmacMd5Finish, hmacMd5Scratch } from './md5.js'

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
 * (RFC 3579 §3.2 "the Request Authenticator from the Access-Request"; RFC 5176 §3.5 for
 * CoA/Disconnect ACK/NAK), zeros for Accounting/CoA/Disconnect requests (RFC 5176 §3.5), the
 * packet's own random authenticator for Access-Request and Status-Server.
 *
 * Deviation, labelled: no RFC defines Message-Authenticator in an Accounting-Request or an
 * Accounting-Response to an Accounting-Request. FreeRADIUS 3.2 (rad_sign / rad_verify) computes
 * both with a zero authenticator field (and with the request authenticator for an
 * Accounting-Response to Status-Server, RFC 5997 §3); radclient rejects anything else, so we do
 * the same. `requestCode` tells the two Accounting-Response cases apart; it defaults to
 * Accounting-Request.
 */
export function authenticatorForHmac(code: number, own: Buffer, requestAuthenticator: Buffer | undefined, requestCode: number | undefined): Buffer {
  if (hasComputedRequestAuthenticator(code)) return ZERO16
  if (code === Code.AccountingResponse && requestCode !== Code.StatusServer) return ZERO16
  return requestAuthenticator ?? own
}

/**
 * HMAC-MD5 over the packet as RFC 3579 §3.2 defines it (authenticator field = `auth`, the
 * attribute's value zeroed), copied once into a contiguous scratch buffer and hashed in one pass
 * (bench/micro/authenticators.bench.ts).
 */
function hmac(packet: Buffer, maOffset: number, secret: Buffer, auth: Buffer): Buffer {
  const length = packet.readUInt16BE(2)
  const { buf, at } = hmacMd5Scratch(length)
  packet.copy(buf, at, 0, length)
  auth.copy(buf, at + 4)
  buf.fill(0, at + maOffset, at + maOffset + 16)
  return hmacMd5Finish(secret, length)
}

/**
 * Fill the Message-Authenticator value in place, if the packet has exactly one, with `auth`
 * as the authenticator-field contents. Returns false when absent; throws RangeError when the
 * packet is malformed or has two (programmer error).
 */
export function fillMessageAuthenticator(packet: Buffer, secret: Buffer, auth: Buffer): boolean {
  const at = locateMessageAuthenticator(packet)
  if (at === ABSENT) return false
  if (at === INVALID) throw new RangeError('packet to sign is malformed or has more than one Message-Authenticator')
  hmac(packet, at, secret, auth).copy(packet, at)
  return true
}

/**
 * Check Message-Authenticator. Give `requestAuthenticator` when `packet` is a response, and
 * `requestCode` when it is an Accounting-Response to a Status-Server (see authenticatorForHmac).
 * More than one Message-Authenticator, a wrong length or a malformed packet is 'invalid'.
 */
export function verifyMessageAuthenticator(
  packet: Buffer,
  secret: Buffer,
  requestAuthenticator?: Buffer,
  requestCode?: number,
): 'absent' | 'valid' | 'invalid' {
  const at = locateMessageAuthenticator(packet)
  if (at === ABSENT) return 'absent'
  if (at === INVALID) return 'invalid'
  if (requestAuthenticator !== undefined && requestAuthenticator.length !== 16) return 'invalid'
  const auth = authenticatorForHmac(packet[0] as number, packet.subarray(4, 20), requestAuthenticator, requestCode)
  const expected = hmac(packet, at, secret, auth)
  return timingSafeEqual(expected, packet.subarray(at, at + 16)) ? 'valid' : 'invalid'
}
