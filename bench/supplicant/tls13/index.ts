// The lean TLS 1.3 client's public surface (RFC 8446; used by the EAP-TLS 1.3 peer, RFC 9190).
export { Tls13Client, ClientState, type Tls13ClientOptions } from './client.js'
export { TrustStore, splitPem } from './chain-check.js'
export { isTls13Session, type Tls13Session } from './session-ticket.js'
export { Tls13Error, Tls13Reason } from './failure.js'
export { CipherSuite, NamedGroup, SignatureScheme } from './constants.js'
