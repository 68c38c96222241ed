// RADIUS PSK and multi-PSK (requirements §1.7): request markers, the PSK store lookup, WPA2 MIC
// trials in the worker pool with a PMK cache, and the per-vendor passphrase attribute.
export { parsePskRequest, Akm, type PskRequest } from './psk-request.js'
export { lookupPsk, servesPsk, pskWlan, PskRefusal, type PskLookup, type PskQuery } from './psk-lookup.js'
export { PmkCache } from './pmk-cache.js'
export { matchByMic, CHUNK, type PskPool, type Handshake, type SecretCandidate, type MatchResult } from './pmk-matcher.js'
export { buildPskReply, passphraseAttribute, type PskReply, type SaltEncrypted } from './psk-reply.js'
export { isPskSecret, isHexPsk, mapPskSecrets } from './psk-secret.js'
export { pskDepsOf, type ClientPskDeps } from './psk-deps.js'
export { resolvePsk, type PskResolution, type ResolveInput } from './resolve-psk.js'
export { pskAuthorization, type PskAuthorization, type PskGrant } from './psk-authorization.js'
