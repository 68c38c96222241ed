// Request and Response Authenticators: RFC 2865 §3 (Access-*), RFC 2866 §3 (Accounting),
// RFC 5176 §2.3 / §3.5 (CoA, Disconnect), RFC 5997 §3 (Status-Server), with the
// Message-Authenticator of RFC 3579 §3.2 filled first.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { hasComputedRequestAuthenticator } from './code.js'
import { HEADER_LENGTH, MAX_PACKET_LENGTH } from './packet.js'
import { authenticatorForHmac, fillMessageAuthenticator } from './message-authenticator.js'
import { md5Scratch } from './md5.js'

const ZERO16 = Buffer.alloc(16)

/**
 * A fresh Request Authenticator. RFC 2865 §3: "the Request Authenticator value ... SHOULD
 * exhibit global and temporal uniqueness" and be unpredictable.
 */
export function randomAuthenticator(): Buffer {
  return randomBytes(16)
}

function packetLength(packet: Buffer): number {
  if (packet.length < HEADER_LENGTH) return -1
  const length = packet.readUInt16BE(2)
  return length < HEADER_LENGTH || length > MAX_PACKET_LENGTH || length > packet.length ? -1 : length
}

function checkedLength(packet: Buffer): number {
  const length = packetLength(packet)
  if (length < 0) throw new RangeError('packet to sign has an invalid Length field')
  return length
}

/** MD5(Code+Identifier+Length + auth + Attributes + Secret), over one contiguous copy (no hash object). */
function md5Over(packet: Buffer, length: number, auth: Buffer, secret: Buffer): Buffer {
  return md5Scratch(length + secret.length, (buf) => {
    packet.copy(buf, 0, 0, length)
    auth.copy(buf, 4)
    secret.copy(buf, length)
  })
}

/**
 * Sign a request in place. Accounting-Request (RFC 2866 §3), CoA-Request and
 * Disconnect-Request (RFC 5176 §2.3): the Request Authenticator becomes
 * MD5(Code+Identifier+Length+16 zero octets+Attributes+Secret). Access-Request and
 * Status-Server keep the random authenticator the caller set. In all cases a
 * Message-Authenticator, if present, is filled first (RFC 3579 §3.2, RFC 5176 §3.5,
 * RFC 5997 §3).
 */
export function signRequest(packet: Buffer, secret: Buffer): void {
  const length = checkedLength(packet)
  if (hasComputedRequestAuthenticator(packet[0] as number)) {
    fillMessageAuthenticator(packet, secret, ZERO16)
    md5Over(packet, length, ZERO16, secret).copy(packet, 4)
  } else {
    fillMessageAuthenticator(packet, secret, packet.subarray(4, 20))
  }
}

/**
 * Sign a reply in place: Message-Authenticator (if present) with the request's authenticator
 * in the field (RFC 3579 §3.2; zeros for an Accounting-Response unless `requestCode` is
 * Status-Server, see authenticatorForHmac), then RFC 2865 §3 "ResponseAuth =
 * MD5(Code+ID+Length+RequestAuth+Attributes+Secret)".
 */
export function signResponse(reply: Buffer, requestAuthenticator: Buffer, secret: Buffer, requestCode?: number): void {
  const length = checkedLength(reply)
  if (requestAuthenticator.length !== 16) throw new RangeError('request authenticator must be 16 octets')
  fillMessageAuthenticator(reply, secret, authenticatorForHmac(reply[0] as number, requestAuthenticator, requestAuthenticator, requestCode))
  md5Over(reply, length, requestAuthenticator, secret).copy(reply, 4)
}

/** Check the Request Authenticator of an Accounting-Request, CoA-Request or Disconnect-Request. */
export function verifyRequestAuthenticator(packet: Buffer, secret: Buffer): boolean {
  const length = packetLength(packet)
  if (length < 0) return false
  return timingSafeEqual(md5Over(packet, length, ZERO16, secret), packet.subarray(4, 20))
}

/** Check a reply's Response Authenticator against the authenticator of the request we sent. */
export function verifyResponseAuthenticator(reply: Buffer, requestAuthenticator: Buffer, secret: Buffer): boolean {
  const length = packetLength(reply)
  if (length < 0 || requestAuthenticator.length !== 16) return false
  return timingSafeEqual(md5Over(reply, length, requestAuthenticator, secret), reply.subarray(4, 20))
}
