// RADIUS packet Code values: RFC 2865 §3 (1-3, 11), RFC 2866 §3 (4, 5), RFC 5997 (12, 13),
// RFC 5176 §2 / §3 (40-45).

/** Packet Code octet (RFC 2865 §3). */
export const Code = {
  AccessRequest: 1,
  AccessAccept: 2,
  AccessReject: 3,
  AccountingRequest: 4,
  AccountingResponse: 5,
  AccessChallenge: 11,
  StatusServer: 12,
  StatusClient: 13,
  DisconnectRequest: 40,
  DisconnectACK: 41,
  DisconnectNAK: 42,
  CoARequest: 43,
  CoAACK: 44,
  CoANAK: 45,
} as const
export type Code = (typeof Code)[keyof typeof Code]

const known = new Uint8Array(256)
for (const c of Object.values(Code)) known[c] = 1

/** Is `code` one of the Codes this codec knows? */
export function isKnownCode(code: number): boolean {
  return known[code] === 1
}

/**
 * Requests whose Request Authenticator is an MD5 over the packet (RFC 2866 §3, RFC 5176 §2.3),
 * as opposed to a random nonce (Access-Request, Status-Server).
 */
export function hasComputedRequestAuthenticator(code: number): boolean {
  return code === Code.AccountingRequest || code === Code.CoARequest || code === Code.DisconnectRequest
}
