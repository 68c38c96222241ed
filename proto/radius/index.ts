// Public surface of the RADIUS codec: packets (RFC 2865, 2866, 5176, 5997), authenticators and
// Message-Authenticator (RFC 3579), attribute hiding (RFC 2865 §5.2, RFC 2868 §3.5, RFC 2548),
// dictionaries (FreeRADIUS format), typed attributes (RFC 6929, RFC 2868) and RadSec framing
// (RFC 6614). Pure: no I/O.
export { Code } from './code.js'
export { DecodeFailure, decodeFailureMessage, type Result } from './decode-failure.js'
export { Attr } from './attr.js'
export { decodePacket, encodePacket, findAttribute, findAttributes, type Packet, type RawAttribute } from './packet.js'
export {
  randomAuthenticator,
  signRequest,
  signResponse,
  verifyRequestAuthenticator,
  verifyResponseAuthenticator,
} from './authenticator.js'
export { verifyMessageAuthenticator, MESSAGE_AUTHENTICATOR_PLACEHOLDER } from './message-authenticator.js'
export { hideUserPassword, revealUserPassword } from './user-password.js'
export { saltEncrypt, saltDecrypt } from './salt-encryption.js'
export { Dictionary, type AttributeDef, type VendorDef } from './dictionary.js'
export { decodeAttributes, type DecodedAttribute } from './attribute-decode.js'
export { encodeAttributes, type EncodableAttribute } from './attribute-encode.js'
export type { AttributeValue } from './attribute-types.js'
export { RadSecFramer, type RadSecFramingError } from './radsec-framer.js'
