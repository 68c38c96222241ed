// The client actor's EAP: RFC 4137 authenticator, EAP-TLS (RFC 5216, RFC 9190), the State token,
// conversations, and the certificate-validator interface.
export type { CertificateValidator, CertificateValidation, CertificateAttributes, CertificateRejection } from './certificate-validator.js'
export { X509ChainValidator, certificateAttributes } from './x509-chain-validator.js'
export { StateTokenCodec, STATE_TOKEN_LENGTH, type StateToken, type StateTokenCheck } from './state-token.js'
export { DEFAULT_EAP_SETTINGS, type EapOrgContext, type EapSettings } from './eap-org-context.js'
export { EapAuthenticator, EapState, MethodState, type AuthenticatorDeps, type StepOutcome } from './eap-authenticator.js'
export { EapPolicy, Decision } from './eap-policy.js'
export type { EapServerMethod, MethodResponse } from './eap-method.js'
export { EapTlsMethod, type EapTlsOptions } from './eap-tls-method.js'
export { IdentityMethod } from './identity-method.js'
export { EapConversations, MAX_CONVERSATIONS, type EapConversationsDeps, type EapRequestContext, type AuthorizationResult } from './eap-conversations.js'
export { deriveEapTlsKeys, type MethodKeys } from './eap-keys.js'
export { TlsServerEngine } from './tls-engine.js'
