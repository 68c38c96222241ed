// What EAP needs of an org, watched into memory by ops (OrgDirectory.eap): the TLS server
// material (the org's EAP server certificate chain and key as a node:tls SecureContext), the
// trusted client CAs, and settings.
import type { X509Certificate } from 'node:crypto'
import type { SecureContext } from 'node:tls'

export interface EapSettings {
  /** Methods offered, in order of preference (EAP types): EAP-TLS, then EAP-TTLS, PEAP, TEAP. */
  methods: number[]
  /** Largest EAP packet when the NAS sends no Framed-MTU (RFC 3580 §3.17); hostapd uses 1400. */
  defaultMaxEapLength: number
  /** Inbound TLS reassembly limit (RFC 5216 §3.1), octets. */
  reassemblyLimit: number
  /** A round not answered within this is over: its State token expires. */
  roundTimeoutMs: number
  /** A whole conversation ends after this, answered or not. */
  conversationTimeoutMs: number
}

export interface EapOrgContext {
  org: string
  /** Built with minVersion TLSv1.2: TLS 1.2 and 1.3 on the same context (RFC 9190 §2.1). */
  secureContext: SecureContext
  /** The same certificate on a TLS-1.2-only context: TEAP's tunnel (RFC 7170 keys are TLS 1.2's). */
  tls12SecureContext?: SecureContext | undefined
  trustedCas: readonly X509Certificate[]
  settings: EapSettings
}

export const DEFAULT_EAP_SETTINGS: EapSettings = {
  methods: [13, 21, 25, 55],
  defaultMaxEapLength: 1400,
  reassemblyLimit: 64 * 1024,
  roundTimeoutMs: 30_000,
  conversationTimeoutMs: 120_000,
}
