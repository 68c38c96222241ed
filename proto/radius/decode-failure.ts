// Closed set of reasons why RADIUS input is rejected (RFC 2865 §3, §5; RFC 2868 §3.5;
// RFC 2548 §2.4.2), with one message per reason. Malformed input is counted by reason and
// dropped; decoders return these, they never throw.

/** Why a decode failed. Stable strings: they name metrics and log fields. */
export const DecodeFailure = {
  TOO_SHORT: 'TOO_SHORT',
  TOO_LONG: 'TOO_LONG',
  LENGTH_MISMATCH: 'LENGTH_MISMATCH',
  ATTRIBUTE_TRUNCATED: 'ATTRIBUTE_TRUNCATED',
  ATTRIBUTE_LENGTH_INVALID: 'ATTRIBUTE_LENGTH_INVALID',
  UNKNOWN_CODE: 'UNKNOWN_CODE',
  PASSWORD_LENGTH_INVALID: 'PASSWORD_LENGTH_INVALID',
  SALT_INVALID: 'SALT_INVALID',
  ENCRYPTED_LENGTH_INVALID: 'ENCRYPTED_LENGTH_INVALID',
  ENCRYPTED_PAYLOAD_INVALID: 'ENCRYPTED_PAYLOAD_INVALID',
} as const
export type DecodeFailure = (typeof DecodeFailure)[keyof typeof DecodeFailure]

/** Human-readable text for each reason, quoting the rule it enforces. */
export const decodeFailureMessage: Record<DecodeFailure, string> = {
  TOO_SHORT: 'packet shorter than the 20-octet header, or Length field below 20 (RFC 2865 §3: "The minimum length is 20")',
  TOO_LONG: 'Length field above 4096 (RFC 2865 §3: "and maximum length is 4096")',
  LENGTH_MISMATCH:
    'Length field larger than the octets received (RFC 2865 §3: "If the packet is shorter than the Length field indicates, it MUST be silently discarded")',
  ATTRIBUTE_TRUNCATED: 'an attribute runs past the end given by the packet Length field (RFC 2865 §5)',
  ATTRIBUTE_LENGTH_INVALID: 'an attribute Length field is below 2 (RFC 2865 §5: Length includes the Type and Length fields)',
  UNKNOWN_CODE: 'unknown packet Code (RFC 2865 §3: "When a packet is received with an invalid Code field, it is silently discarded")',
  PASSWORD_LENGTH_INVALID: 'hidden User-Password not a non-zero multiple of 16 octets up to 128 (RFC 2865 §5.2)',
  SALT_INVALID: 'Salt field missing or its most significant bit not set (RFC 2868 §3.5, RFC 2548 §2.4.2)',
  ENCRYPTED_LENGTH_INVALID: 'salt-encrypted value not 2 + a non-zero multiple of 16 octets (RFC 2868 §3.5)',
  ENCRYPTED_PAYLOAD_INVALID: 'decrypted length sub-field larger than the decrypted data (RFC 2868 §3.5, RFC 2548 §2.4.2)',
}

/** Outcome of a decode: a value, or a reason from the closed set. */
export type Result<T> = { ok: true; value: T } | { ok: false; reason: DecodeFailure; detail?: string }

/** Build a failure result; `detail` is for diagnostics only and never holds secrets. */
export function fail<T>(reason: DecodeFailure, detail?: string): Result<T> {
  return detail === undefined ? { ok: false, reason } : { ok: false, reason, detail }
}
