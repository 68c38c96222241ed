// What a RADIUS PSK Access-Request says about the station (requirements §1.7 [I]: "the AP sends
// a MAC-lookup Access-Request (User-Name/Calling-Station-Id = client MAC, SSID in
// Called-Station-Id)"), and the vendor markers that make it a PSK request rather than MAB:
// - Called-Station-Id `BSSID:SSID` (RFC 3580 §3.20) gives the SSID and the AP's BSSID (= AA);
// - WLAN-AKM-Suite (RFC 7268 §3.6, attribute 188) with a PSK or SAE AKM (IEEE 802.11-2020
//   Table 9-151: 00-0F-AC:2 PSK, :4 FT-PSK, :6 PSK-SHA256, :8 SAE, :9 FT-SAE, :24 SAE-EXT-KEY);
// - hostapd `wpa_psk_radius=3` (src/ap/ieee802_11_auth.c hostapd_radius_acl_query) and FreeRADIUS
//   rlm_dpsk's convention: the ANonce and the EAPOL-Key message 2 in Extended-Vendor-Specific-5
//   (RFC 6929 §2.2 Long Extended Type 245, EVS 26) of vendor 11344 (FreeRADIUS), types 1
//   (FreeRADIUS-802.1X-Anonce) and 2 (FreeRADIUS-802.1X-EAPoL-Key-Msg).
import { Attr, findAttribute, findAttributes, type Packet } from '../../../proto/radius/index.js'
import { canonicalMac } from '../../../proto/wire/mac.js'
import { ssidFromCalledStationId } from '../../policy/index.js'

const WLAN_AKM_SUITE = 188
const LONG_EXTENDED_VSA_5 = 245
const EVS = 26
const VENDOR_FREERADIUS = 11344
const FR_ANONCE = 1
const FR_EAPOL_KEY_MSG = 2
const MORE = 0x80

/** AKM suite selectors (OUI 00-0F-AC || type) of IEEE 802.11-2020 Table 9-151. */
export const Akm = { psk: 0x000fac02, ftPsk: 0x000fac04, pskSha256: 0x000fac06, sae: 0x000fac08, ftSae: 0x000fac09, saeExt: 0x000fac18 } as const
const PSK_AKMS: ReadonlySet<number> = new Set([Akm.psk, Akm.ftPsk, Akm.pskSha256])
const SAE_AKMS: ReadonlySet<number> = new Set([Akm.sae, Akm.ftSae, Akm.saeExt])

export interface PskRequest {
  ssid: string | undefined
  /** The AP's BSSID (the authenticator address), canonical 12 hex. */
  bssid: string | undefined
  /** WLAN-AKM-Suite when the NAS sent it. */
  akm: number | undefined
  /** The station uses SAE (WPA3-Personal): known from the AKM. */
  sae: boolean
  /** 4-way handshake material (hostapd wpa_psk_radius=3 convention). */
  anonce: Buffer | undefined
  eapolKey: Buffer | undefined
  /** Which marker made this a PSK request; undefined: none (plain MAB form). */
  marker: 'eapol-key' | 'akm' | undefined
}

/** The value of one RFC 6929 long-extended EVS attribute of a vendor, fragments joined. */
function longEvs(p: Packet, vendor: number, evsType: number): Buffer | undefined {
  const parts: Buffer[] = []
  let open = false
  for (const a of findAttributes(p, LONG_EXTENDED_VSA_5)) {
    const v = a.value
    // RFC 6929 §2.2: Extended-Type, Flags, then for EVS (§2.4) Vendor-Id (4) and EVS-Type (1).
    if (v.length < 7 || v[0] !== EVS) continue
    const first = !open
    if (first && (v.readUInt32BE(2) !== vendor || v[6] !== evsType)) continue
    parts.push(first ? v.subarray(7) : v.subarray(2))
    open = ((v[1] as number) & MORE) !== 0
    if (!open) break
  }
  return parts.length === 0 ? undefined : Buffer.concat(parts)
}

export function parsePskRequest(p: Packet): PskRequest {
  const csi = findAttribute(p, Attr.CalledStationId)?.value.toString('utf8')
  const ssid = csi === undefined ? undefined : ssidFromCalledStationId(csi)
  const bssidText = csi === undefined ? undefined : csi.slice(0, Math.max(0, csi.length - (ssid?.length ?? 0) - 1))
  const bssid = bssidText === undefined || ssid === undefined ? undefined : canonicalMac(bssidText)
  const akmRaw = findAttribute(p, WLAN_AKM_SUITE)?.value
  const akm = akmRaw !== undefined && akmRaw.length === 4 ? akmRaw.readUInt32BE(0) : undefined
  const anonce = longEvs(p, VENDOR_FREERADIUS, FR_ANONCE)
  const eapolKey = longEvs(p, VENDOR_FREERADIUS, FR_EAPOL_KEY_MSG)
  const sae = akm !== undefined && SAE_AKMS.has(akm)
  const marker = anonce !== undefined && eapolKey !== undefined ? 'eapol-key' : akm !== undefined && (sae || PSK_AKMS.has(akm)) ? 'akm' : undefined
  return { ssid, bssid, akm, sae, anonce, eapolKey, marker }
}
