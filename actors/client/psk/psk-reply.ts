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
// Salt encryption needs the NAS secret, which only the gateway holds: those attributes go back in
// the reply envelope's `salted` list (number, tag, plaintext) and the gateway encrypts them.
import type { Dictionary, RawAttribute } from '../../../proto/radius/index.js'
import type { SaltedAttribute } from '../../../proto/wire/envelope.js'
import { buildReply, dialectOf, type Authorization } from '../../policy/index.js'
import { isHexPsk } from './psk-secret.js'

/** An attribute the gateway must salt-encrypt (RFC 2868 §3.5) before sending. */
export interface SaltEncrypted {
  /** Dictionary name: Tunnel-Password (RFC 2868 §3.5, tag 0) or Aruba-MPSK-Passphrase (VSA 14823/44). */
  name: 'Tunnel-Password' | 'Aruba-MPSK-Passphrase'
  plaintext: string
}

export type PskReply = { ok: true; attributes: RawAttribute[]; salted: SaltedAttribute[]; omitted: string[] }

/** The envelope form of a salted attribute: its numbers from the dictionary. */
function toSalted(dict: Dictionary, a: SaltEncrypted): SaltedAttribute | undefined {
  const def = dict.attribute(a.name)
  if (def === undefined) return undefined
  // Standard: code [69]; vendor (RFC 2865 §5.26): code [26, vendorType].
  const type = def.vendor === 0 ? def.code[0] : def.code[1]
  if (type === undefined) return undefined
  return { vendor: def.vendor, type, tag: def.hasTag ? 0 : undefined, plaintext: Buffer.from(a.plaintext, 'utf8') }
}

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
  if ('salted' in pass) {
    const salted = toSalted(dict, pass.salted)
    return salted === undefined
      ? { ok: true, attributes: base.attributes, salted: [], omitted: [...base.omitted, `${pass.salted.name}: not in the dictionary`] }
      : { ok: true, attributes: base.attributes, salted: [salted], omitted: base.omitted }
  }
  const extra = buildReply(dict, vendor, { vlan: undefined, role: undefined, vendorSpecific: pass.plain })
  if (extra.omitted.length > 0) return { ok: true, attributes: base.attributes, salted: [], omitted: [...base.omitted, ...extra.omitted] }
  return { ok: true, attributes: [...base.attributes, ...extra.attributes], salted: [], omitted: base.omitted }
}
