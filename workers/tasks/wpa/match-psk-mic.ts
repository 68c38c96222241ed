// Worker task: which candidate key produced the MIC of a 4-way handshake message 2 (WPA2 multi-PSK,
// requirements §1.7: "any device providing a valid passphrase can authenticate")? For each
// candidate: PMK (J.4.1, or the cached one) -> KCK (12.7.1.3) -> MIC (12.7.2), compared in
// constant time. Pure: returns the match and the PMKs it derived so the caller can cache them.
import { timingSafeEqual } from 'node:crypto'
import { parseMessage2, type EapolKeyFailure } from './eapol-key.js'
import { eapolMic } from './eapol-mic.js'
import { pmkOf } from './pmk.js'
import { deriveKck, ptkContext } from './ptk.js'

export interface PskCandidate {
  id: string
  /** The cached PMK; when absent, `secret` is mapped (J.4.1). */
  pmk?: Uint8Array | undefined
  /** Passphrase (8-63 ASCII) or 64-hex PSK. */
  secret?: string | undefined
}

export interface MatchPskMicInput {
  ssid: Uint8Array
  /** Authenticator address (the BSSID) and supplicant address, 6 octets each. */
  aa: Uint8Array
  spa: Uint8Array
  anonce: Uint8Array
  /** Message 2 as received (its MIC is read from it); the SNonce is its Key Nonce. */
  frame: Uint8Array
  candidates: PskCandidate[]
}

export interface MatchPskMicOutput {
  /** The matching candidate's id, or undefined. */
  id: string | undefined
  /** Set when the frame is not a usable message 2 (then no candidate was tried). */
  failure: EapolKeyFailure | 'UNSUPPORTED_VERSION' | 'BAD_INPUT' | undefined
  /** PMKs derived here (not passed in), for the caller's cache. */
  derived: Array<{ id: string; pmk: Uint8Array }>
}

export function matchPskMic(input: MatchPskMicInput): MatchPskMicOutput {
  const derived: Array<{ id: string; pmk: Uint8Array }> = []
  if (input.aa.length !== 6 || input.spa.length !== 6 || input.anonce.length !== 32) return { id: undefined, failure: 'BAD_INPUT', derived }
  const m2 = parseMessage2(input.frame)
  if (!m2.ok) return { id: undefined, failure: m2.reason, derived }
  const { version, snonce, mic, zeroed } = m2.value
  if (version !== 2 && version !== 3) return { id: undefined, failure: 'UNSUPPORTED_VERSION', derived }
  const context = ptkContext(input.aa, input.spa, input.anonce, snonce)
  for (const c of input.candidates) {
    let pmk = c.pmk
    if (pmk === undefined) {
      if (c.secret === undefined) continue
      try {
        pmk = pmkOf(c.secret, input.ssid)
      } catch {
        continue // a malformed secret never matches; validation refuses those
      }
      derived.push({ id: c.id, pmk })
    }
    const kck = deriveKck(pmk, context, version)
    const got = eapolMic(kck, zeroed, version)
    kck.fill(0)
    if (timingSafeEqual(got, mic)) return { id: c.id, failure: undefined, derived }
  }
  return { id: undefined, failure: undefined, derived }
}
