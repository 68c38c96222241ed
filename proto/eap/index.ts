// Public surface of the EAP codecs: packets (RFC 3748), the EAP-TLS header, fragmentation and
// reassembly (RFC 5216 §3.1), EAP in RADIUS (RFC 3579 §3.1), TEAP TLVs and keys (RFC 7170). Pure: no I/O.
export { EapCode, EapType } from './eap-constants.js'
export { EapDecodeFailure, eapDecodeFailureMessage, type EapResult } from './eap-decode-failure.js'
export { decodeEapPacket, encodeEapPacket, EAP_HEADER_LENGTH, type EapPacket } from './eap-packet.js'
export { decodeTlsPayload, encodeTlsPayload, TlsFlag, type TlsPayload } from './tls-flags.js'
export { fragmentTlsMessage, TLS_FRAGMENT_OVERHEAD, TLS_LENGTH_FIELD, MIN_EAP_LENGTH } from './tls-fragmenter.js'
export { TlsReassembler, ReassemblyFailure, DEFAULT_REASSEMBLY_LIMIT, type ReassemblyStep } from './tls-reassembler.js'
export { eapMessageAttributes, joinEapMessage } from './radius-eap-message.js'
export { helloRandom, HandshakeType } from './tls-hello-random.js'
export { AvpCode, AvpDecodeFailure, AvpFlag, VENDOR_MICROSOFT, avpDecodeFailureMessage, decodeAvps, encodeAvp, findAvp, papPassword, type Avp, type AvpResult } from './ttls-avp.js'
export { EAP_TYPE_EXTENSIONS, ResultStatus, decodePeapInner, encodeCompressed, encodeResultRequest, peapResultStatus, type PeapInner } from './peap-tlv.js'
export {
  CRYPTO_BINDING_VALUE_LENGTH, TEAP_TLV_MANDATORY, TeapErrorCode, TeapIdentityType, TeapStatus, TeapTlvFailure, TeapTlvType,
  authorityIdTlv, decodePeerMessage, decodeTlvs, eapPayloadTlv, encodeTlv, errorTlv, identityTypeTlv, resultTlv,
  type TeapPeerMessage, type TeapTlv,
} from './teap-tlv.js'
export { CB_MAC_LENGTH, CB_NONCE_LENGTH, CryptoBindingFlags, CryptoBindingSubType, decodeCryptoBinding, encodeCryptoBinding, zeroedMacs, type CryptoBinding } from './teap-crypto-binding.js'
export { TEAP_FLAG_O, TEAP_VERSION, encodeTeapStart, splitTeapOuter } from './teap-outer.js'
export { compoundMac, initialCompoundKeys, nextCompoundKeys, suiteHashes, teapMethodKeys, tlsPrf, zeroCompoundKeys, type CompoundKeys, type TeapHash } from './teap-keys.js'
