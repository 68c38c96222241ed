// Closed set of reasons why EAP input is refused (RFC 3748 §4, RFC 5216 §3.1, RFC 3579 §3.1),
// one message per reason quoting the rule. Decoders return these; they never throw.

export const EapDecodeFailure = {
  TOO_SHORT: 'TOO_SHORT',
  LENGTH_MISMATCH: 'LENGTH_MISMATCH',
  UNKNOWN_CODE: 'UNKNOWN_CODE',
  MISSING_TYPE: 'MISSING_TYPE',
  SUCCESS_FAILURE_WITH_DATA: 'SUCCESS_FAILURE_WITH_DATA',
  TLS_HEADER_TRUNCATED: 'TLS_HEADER_TRUNCATED',
  TLS_LENGTH_INVALID: 'TLS_LENGTH_INVALID',
  NO_EAP_MESSAGE: 'NO_EAP_MESSAGE',
} as const
export type EapDecodeFailure = (typeof EapDecodeFailure)[keyof typeof EapDecodeFailure]

export const eapDecodeFailureMessage: Record<EapDecodeFailure, string> = {
  TOO_SHORT: 'fewer than 4 octets (RFC 3748 §4: "A summary of the EAP packet format" has a 4-octet header)',
  LENGTH_MISMATCH:
    'Length field below 4 or above the octets received (RFC 3748 §4.1: "Octets outside the range of the Length field should be treated as Data Link Layer padding"; a packet shorter than Length is invalid)',
  UNKNOWN_CODE: 'Code not 1-4 (RFC 3748 §4: "EAP packets with an invalid Code field are silently discarded")',
  MISSING_TYPE: 'Request or Response without its Type octet (RFC 3748 §4.1: "The Type field is one octet")',
  SUCCESS_FAILURE_WITH_DATA: 'Success/Failure with a Length other than 4 (RFC 3748 §4.2: "Length ... 4")',
  TLS_HEADER_TRUNCATED: 'EAP-TLS Flags missing, or L bit set without the 4-octet TLS Message Length (RFC 5216 §3.1)',
  TLS_LENGTH_INVALID:
    'TLS Message Length smaller than this fragment (RFC 5216 §3.1: "The TLS Message Length field ... total length of the TLS message or set of messages that is being fragmented")',
  NO_EAP_MESSAGE: 'no EAP-Message attribute (RFC 3579 §3.1)',
}

export type EapResult<T> = { ok: true; value: T } | { ok: false; reason: EapDecodeFailure }
