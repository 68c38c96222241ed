// Why a lean TLS 1.3 handshake failed: a closed list of reasons, each with the alert the client
// sends for it (RFC 8446 §6.2: "the alert ... MUST be the one which most closely matches") and a
// message. The client never throws on bad input from the server: it records one Tls13Error.
export const Tls13Reason = {
  DECODE_ERROR: 'decode_error',
  UNEXPECTED_MESSAGE: 'unexpected_message',
  BAD_RECORD_MAC: 'bad_record_mac',
  RECORD_OVERFLOW: 'record_overflow',
  ILLEGAL_PARAMETER: 'illegal_parameter',
  PROTOCOL_VERSION: 'protocol_version',
  HANDSHAKE_FAILURE: 'handshake_failure',
  UNSUPPORTED_EXTENSION: 'unsupported_extension',
  MISSING_EXTENSION: 'missing_extension',
  BAD_CERTIFICATE: 'bad_certificate',
  CERTIFICATE_EXPIRED: 'certificate_expired',
  UNKNOWN_CA: 'unknown_ca',
  DECRYPT_ERROR: 'decrypt_error',
  INTERNAL_ERROR: 'internal_error',
  /** The buffered input grew past its bound (a message or a flight too large). */
  TOO_LARGE: 'too_large',
  /** The server sent an alert (its description is in the message). */
  PEER_ALERT: 'peer_alert',
  /** The server closed (close_notify) before the handshake finished. */
  CLOSED: 'closed',
} as const
export type Tls13Reason = (typeof Tls13Reason)[keyof typeof Tls13Reason]

/** RFC 8446 §6 alert description sent for each reason (none for the server's own alert or close). */
export const ALERT_FOR: Readonly<Record<Tls13Reason, number | undefined>> = {
  decode_error: 50, unexpected_message: 10, bad_record_mac: 20, record_overflow: 22, illegal_parameter: 47,
  protocol_version: 70, handshake_failure: 40, unsupported_extension: 110, missing_extension: 109,
  bad_certificate: 42, certificate_expired: 45, unknown_ca: 48, decrypt_error: 51, internal_error: 80,
  too_large: 80, peer_alert: undefined, closed: undefined,
}

export class Tls13Error extends Error {
  constructor(readonly reason: Tls13Reason, detail: string, options?: { cause?: unknown }) {
    super(`${reason}: ${detail}`, options)
    this.name = 'Tls13Error'
  }
}

/** The result of a decoder: a value, or why the bytes are not one. */
export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: Tls13Reason; detail: string }

export const fail = (reason: Tls13Reason, detail: string): { ok: false; reason: Tls13Reason; detail: string } => ({ ok: false, reason, detail })
