// WPA2/WPA3-Personal key derivations (IEEE 802.11-2020 12.7.1, 12.7.2, J.4) and the multi-PSK
// MIC matching task. Pure functions.
export { passphraseToPmk, pmkOf, isPskSecret, isHexPsk } from './pmk.js'
export { prfSha1, kdfSha256 } from './prf.js'
export { aesCmac } from './aes-cmac.js'
export { parseMessage2, KeyInfo, MIC_OCTETS, type EapolKey, type EapolKeyFailure } from './eapol-key.js'
export { derivePtk, deriveKck, ptkContext, PTK_BITS_CCMP } from './ptk.js'
export { eapolMic } from './eapol-mic.js'
export { matchPskMic, type MatchPskMicInput, type MatchPskMicOutput, type PskCandidate } from './match-psk-mic.js'
