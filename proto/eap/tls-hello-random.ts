// The client and server random of a TLS handshake, read from the first handshake record of each
// direction (RFC 5246 §7.4.1.2, RFC 8446 §4.1.2: ClientHello/ServerHello carry a 32-octet random
// after the 2-octet legacy version). EAP-TLS 1.2 needs both for its Session-Id (RFC 5216 §2.3).

const RECORD_HANDSHAKE = 22
export const HandshakeType = { ClientHello: 1, ServerHello: 2 } as const

/** The random of the hello at the start of `records`, or undefined when it is not there. */
export function helloRandom(records: Buffer, type: (typeof HandshakeType)[keyof typeof HandshakeType]): Buffer | undefined {
  // record header (5) + handshake header (4) + legacy_version (2) + random (32)
  if (records.length < 43 || records[0] !== RECORD_HANDSHAKE || records[5] !== type) return undefined
  return Buffer.from(records.subarray(11, 43))
}
