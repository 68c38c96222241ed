// TLS 1.3 code points the lean client uses (RFC 8446 §4, §5, §6, Appendix B.3-B.4; RFC 8422 and
// RFC 7748 group names), as `as const` objects.

/** RFC 8446 §5.1 ContentType. */
export const ContentType = { ChangeCipherSpec: 20, Alert: 21, Handshake: 22, ApplicationData: 23 } as const

/** RFC 8446 §4 HandshakeType. */
export const HandshakeType = {
  ClientHello: 1, ServerHello: 2, NewSessionTicket: 4, EndOfEarlyData: 5, EncryptedExtensions: 8, Certificate: 11,
  CertificateRequest: 13, CertificateVerify: 15, Finished: 20, KeyUpdate: 24, MessageHash: 254,
} as const

/** RFC 8446 §4.2 ExtensionType (those sent or read). */
export const ExtensionType = {
  ServerName: 0, SupportedGroups: 10, SignatureAlgorithms: 13, PreSharedKey: 41, EarlyData: 42, SupportedVersions: 43,
  Cookie: 44, PskKeyExchangeModes: 45, CertificateAuthorities: 47, SignatureAlgorithmsCert: 50, KeyShare: 51,
} as const

/** RFC 8446 B.4 cipher suites. */
export const CipherSuite = { Aes128GcmSha256: 0x1301, Aes256GcmSha384: 0x1302, Chacha20Poly1305Sha256: 0x1303 } as const

/** RFC 8446 §4.2.7 NamedGroup (those offered). */
export const NamedGroup = { Secp256r1: 0x0017, X25519: 0x001d } as const

/** RFC 8446 §4.2.3 SignatureScheme (those offered and accepted). */
export const SignatureScheme = {
  EcdsaSecp256r1Sha256: 0x0403, EcdsaSecp384r1Sha384: 0x0503,
  RsaPssRsaeSha256: 0x0804, RsaPssRsaeSha384: 0x0805, RsaPssRsaeSha512: 0x0806, Ed25519: 0x0807,
  RsaPssPssSha256: 0x0809, RsaPssPssSha384: 0x080a, RsaPssPssSha512: 0x080b,
} as const

/** RFC 8446 §6 AlertDescription: code → name, for failure messages. */
export const ALERT_NAMES: Readonly<Record<number, string>> = {
  0: 'close_notify', 10: 'unexpected_message', 20: 'bad_record_mac', 22: 'record_overflow', 40: 'handshake_failure',
  42: 'bad_certificate', 43: 'unsupported_certificate', 44: 'certificate_revoked', 45: 'certificate_expired',
  46: 'certificate_unknown', 47: 'illegal_parameter', 48: 'unknown_ca', 49: 'access_denied', 50: 'decode_error',
  51: 'decrypt_error', 70: 'protocol_version', 71: 'insufficient_security', 80: 'internal_error', 86: 'inappropriate_fallback',
  90: 'user_canceled', 109: 'missing_extension', 110: 'unsupported_extension', 112: 'unrecognized_name',
  113: 'bad_certificate_status_response', 115: 'unknown_psk_identity', 116: 'certificate_required', 120: 'no_application_protocol',
}

/** RFC 8446 §4.1.3: the ServerHello.random of a HelloRetryRequest, SHA-256("HelloRetryRequest"). */
export const HRR_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex')

/** RFC 8446 §5.1, §5.2: record payload limits. */
export const MAX_PLAINTEXT = 16384
export const MAX_CIPHERTEXT = 16384 + 256
