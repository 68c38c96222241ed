// Why a tunnelled method (EAP-TTLS RFC 5281, PEAPv0) failed: a closed set of reasons, each
// counted by the conversation table as `eap.reject.<reason>`, with the message operators read.
// The refused inner methods quote requirements §1.11.

export const TunnelFailure = {
  TTLS_MSCHAPV2_UNSUPPORTED: 'ttls_mschapv2_unsupported',
  TTLS_MSCHAP_UNSUPPORTED: 'ttls_mschap_unsupported',
  TTLS_CHAP_UNSUPPORTED: 'ttls_chap_unsupported',
  TTLS_EAP_UNSUPPORTED: 'ttls_eap_unsupported',
  TTLS_UNKNOWN_MANDATORY_AVP: 'ttls_unknown_mandatory_avp',
  TTLS_AVP_INVALID: 'ttls_avp_invalid',
  TTLS_NO_CREDENTIALS: 'ttls_no_credentials',
  TTLS_BAD_PASSWORD: 'ttls_bad_password',
  TTLS_UNKNOWN_USER: 'ttls_unknown_user',
  TTLS_IDP_UNAVAILABLE: 'ttls_idp_unavailable',
  PEAP_MSCHAPV2_UNSUPPORTED: 'peap_mschapv2_unsupported',
  PEAP_INNER_NAK: 'peap_inner_nak',
  PEAP_INNER_INVALID: 'peap_inner_invalid',
  PEAP_RESULT_FAILURE: 'peap_result_failure',
  TUNNEL_TLS_ERROR: 'tunnel_tls_error',
  TUNNEL_PROTOCOL: 'tunnel_protocol',
  TUNNEL_NO_KEYS: 'tunnel_no_keys',
} as const
export type TunnelFailure = (typeof TunnelFailure)[keyof typeof TunnelFailure]

export const tunnelFailureMessage: Record<TunnelFailure, string> = {
  ttls_mschapv2_unsupported: 'TTLS/MSCHAPv2 is not supported (requirements §1.3: "EAP-TTLS authentication only with PAP as the inner method")',
  ttls_mschap_unsupported: 'TTLS/MSCHAP is not supported (inner PAP only)',
  ttls_chap_unsupported: 'TTLS/CHAP is not supported (inner PAP only)',
  ttls_eap_unsupported: 'TTLS with an inner EAP method is not supported (inner PAP only)',
  ttls_unknown_mandatory_avp: 'an AVP with the M bit that the server does not support (RFC 5281 §10.1: the authentication "MUST" fail)',
  ttls_avp_invalid: 'phase 2 AVPs do not decode (RFC 5281 §10)',
  ttls_no_credentials: 'phase 2 without User-Name and User-Password',
  ttls_bad_password: 'wrong password',
  ttls_unknown_user: 'unknown user',
  ttls_idp_unavailable: 'the identity provider could not verify the password now',
  peap_mschapv2_unsupported: 'PEAP with EAP-MSCHAP v2 is not supported (requirements §1.5, L5997)',
  peap_inner_nak: 'the peer refused inner EAP-TLS, the only PEAP inner method',
  peap_inner_invalid: 'phase 2 data that is neither an inner EAP response nor a Result TLV',
  peap_result_failure: 'the peer answered the Result TLV with Failure',
  tunnel_tls_error: 'the outer TLS handshake failed',
  tunnel_protocol: 'the peer broke the EAP-TLS framing of the tunnel (RFC 5216 §3.1)',
  tunnel_no_keys: 'no keying material from the tunnel',
}
