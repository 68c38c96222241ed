// Why TEAP (RFC 7170) failed: a closed set of reasons, counted as `eap.reject.<reason>` like the
// other tunnelled methods' (tunnel-failure.ts). Inner EAP-TLS reasons are prefixed with the
// identity they concern: `teap_machine_<reason>`, `teap_user_<reason>`.

export const TeapFailure = {
  TLS_VERSION: 'teap_tls_version',
  OUTER_TLVS: 'teap_outer_tlvs',
  VERSION: 'teap_version',
  TLVS_INVALID: 'teap_tlvs_invalid',
  UNEXPECTED_TLVS: 'teap_unexpected_tlvs',
  IDENTITY_TYPE: 'teap_identity_type',
  INNER_EAP_INVALID: 'teap_inner_eap_invalid',
  INNER_NAK: 'teap_inner_nak',
  CRYPTO_BINDING: 'teap_crypto_binding',
  PEER_FAILURE: 'teap_peer_failure',
  PEER_NAK: 'teap_peer_nak',
} as const
export type TeapFailure = (typeof TeapFailure)[keyof typeof TeapFailure]

export const teapFailureMessage: Record<TeapFailure, string> = {
  teap_tls_version: 'the TEAP tunnel is not TLS 1.2 (RFC 7170 §3.2 defines its keys over TLS 1.2 only)',
  teap_outer_tlvs: 'Outer TLVs in a message other than the first (RFC 7170 §4.1)',
  teap_version: 'the peer proposed TEAP version 0 (RFC 7170 §3.1: version 1 is the first)',
  teap_tlvs_invalid: 'phase 2 TLVs do not decode, repeat, or carry an unknown mandatory TLV (RFC 7170 §4.2, §4.3)',
  teap_unexpected_tlvs: 'phase 2 TLVs that do not answer what the server asked (RFC 7170 §4.2.6 Error 2002)',
  teap_identity_type: 'the peer answered with another Identity-Type than the one requested (RFC 7170 §4.2.3)',
  teap_inner_eap_invalid: 'the inner EAP packet does not decode or does not answer the inner request',
  teap_inner_nak: 'the peer refused inner EAP-TLS, the only TEAP inner method',
  teap_crypto_binding: 'the Crypto-Binding TLV is missing or does not verify (RFC 7170 §4.2.13, §5.3)',
  teap_peer_failure: 'the peer sent a Result TLV with Failure',
  teap_peer_nak: 'the peer sent a NAK TLV (RFC 7170 §4.2.5)',
}
