// Where each NAS vendor wants the passphrase of a RADIUS PSK Access-Accept (requirements §9.11:
// "the PSK passphrase wire attribute" is a gap; decided per vendor here):
// - Cisco (WLC/9800 identity PSK): Cisco-AVPair "psk-mode=ascii" (or "hex" for a 64-hex PSK) and
//   "psk=<passphrase>" (VSA 9/1, plain string; Cisco "Identity PSK Feature Deployment Guide",
//   WLC 8.5: "the AAA server would authorize the client mac address and send the passphrase ...
//   as part of the Cisco-AVPair list"). Sent now.
// - hostapd (`wpa_psk_radius`, "the RADIUS server ... include[s] Tunnel-Password"), IETF, Juniper,
//   Mist, HP: Tunnel-Password (RFC 2868 §3.5), salt-encrypted with the shared secret and the
//   request authenticator.
// - Aruba: Aruba-MPSK-Passphrase (VSA 14823/44), "octets encrypt=2" in FreeRADIUS dictionary.aruba:
//   salt-encrypted like Tunnel-Password.
// Salt encryption needs the NAS secret, which only the gateway holds, and the RadiusReply envelope
// has no field for "encrypt this" yet (only mppe). Until it has, those vendors get no passphrase:
// the reply is refused with NEEDS_GATEWAY_ENCRYPTION (fail closed; plaintext never goes on the
// wire in an attribute the NAS would decrypt).
import type { Dictionary, RawAttribute } from '../../../proto/radius/index.js'
import { buildReply, dialectOf, type Authorization } from '../../policy/index.js'
import { isHexPsk } from './psk-secret.js'

/** An attribute the gateway must salt-encrypt (RFC 2868 §3.5) before sending. */
export interface SaltEncrypted {
  /** Dictionary name: Tunnel-Password (RFC 2868 §3.5, tag 0) or Aruba-MPSK-Passphrase (VSA 14823/44). */
  name: 'Tunnel-Password' | 'Aruba-MPSK-Passphrase'
  plaintext: string
}

export type PskReply =
  | { ok: true; attributes: RawAttribute[]; omitted: string[] }
  | { ok: false; reason: 'NEEDS_GATEWAY_ENCRYPTION'; pending: SaltEncrypted; omitted: string[] }

/** The passphrase attribute convention of a NAS vendor. */
export function passphraseAttribute(vendor: string | undefined, secret: string): { plain: Array<{ name: string; value: string }> } | { salted: SaltEncrypted } {
  const d = dialectOf(vendor)
  if (d === 'cisco') return { plain: [{ name: 'Cisco-AVPair', value: `psk-mode=${isHexPsk(secret) ? 'hex' : 'ascii'}` }, { name: 'Cisco-AVPair', value: `psk=${secret}` }] }
  if (d === 'aruba') return { salted: { name: 'Aruba-MPSK-Passphrase', plaintext: secret } }
  return { salted: { name: 'Tunnel-Password', plaintext: secret } }
}

/** Authorization attributes in the vendor's dialect (VLAN, role, ..., User-Name) plus the passphrase. */
export function buildPskReply(dict: Dictionary, vendor: string | undefined, auth: Authorization, secret: string): PskReply {
  const base = buildReply(dict, vendor, auth)
  const pass = passphraseAttribute(vendor, secret)
  if ('salted' in pass) return { ok: false, reason: 'NEEDS_GATEWAY_ENCRYPTION', pending: pass.salted, omitted: base.omitted }
  const extra = buildReply(dict, vendor, { vlan: undefined, role: undefined, vendorSpecific: pass.plain })
  if (extra.omitted.length > 0) return { ok: true, attributes: base.attributes, omitted: [...base.omitted, ...extra.omitted] }
  return { ok: true, attributes: [...base.attributes, ...extra.attributes], omitted: base.omitted }
}
