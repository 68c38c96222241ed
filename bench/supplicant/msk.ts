// The Master Session Key of EAP-TLS and of the TLS tunnels, from the TLS exporter.
// RFC 5216 §2.3 (EAP-TLS, TLS 1.2): "Key_Material = TLS-PRF-128(master_secret, "client EAP
//   encryption", client.random || server.random); MSK = Key_Material(0,63)" — the RFC 5705
//   exporter without a context, whose PRF output does not depend on the length asked for.
// RFC 9190 §2.3 (EAP-TLS, TLS 1.3): "Key_Material = TLS-Exporter("EXPORTER_EAP_TLS_Key_Material",
//   Type-Code, 128); MSK = Key_Material(0, 63)", Type-Code 0x0D. The TLS 1.3 exporter mixes the
//   length into its output, so all 128 octets are asked for and the first 64 kept.
// RFC 5281 §8 (EAP-TTLS, TLS 1.2): "Keying Material = PRF-128(SecurityParameters.master_secret,
//   "ttls keying material", client_random + server_random); MSK = Keying Material [0..63]".
// PEAPv0 without crypto-binding (draft-josefsson-pppext-eap-tls-eap-10 §2.5, wpa_supplicant's
//   eap_peap_getKey): the EAP-TLS label "client EAP encryption" on the outer tunnel.
// RFC 9427 §2.1 (TTLS, PEAP over TLS 1.3): the EAP-TLS 1.3 formula with the method's Type-Code.
import type { TlsPipe } from './tls-pipe.js'

export type EapTlsVersion = '1.2' | '1.3'

type Exporter = Pick<TlsPipe, 'exportKeyingMaterial'>

const EAP_TLS_LABEL = 'client EAP encryption'
const TLS13_LABEL = 'EXPORTER_EAP_TLS_Key_Material'
const TYPE_CODE_TLS = 0x0d

export const TTLS_KEY_LABEL = 'ttls keying material'
export const PEAP_KEY_LABEL = EAP_TLS_LABEL

/** The MSK of a method of the EAP-TLS family: `tls12Label` for TLS 1.2, RFC 9190/9427 for TLS 1.3. */
export function deriveMethodMsk(tls: Exporter, version: EapTlsVersion, typeCode: number, tls12Label: string): Buffer | undefined {
  const km = version === '1.3' ? tls.exportKeyingMaterial(128, TLS13_LABEL, Buffer.from([typeCode])) : tls.exportKeyingMaterial(128, tls12Label)
  return km?.subarray(0, 64)
}

export function deriveMsk(tls: Exporter, version: EapTlsVersion): Buffer | undefined {
  return deriveMethodMsk(tls, version, TYPE_CODE_TLS, EAP_TLS_LABEL)
}

/** RFC 5216 §2.3 / RFC 9190 §2.3: "EMSK = Key_Material(64,127)" of EAP-TLS (TEAP binds its inner methods with it, RFC 7170 §5.2). */
export function deriveEmsk(tls: Exporter, version: EapTlsVersion): Buffer | undefined {
  const km = version === '1.3' ? tls.exportKeyingMaterial(128, TLS13_LABEL, Buffer.from([TYPE_CODE_TLS])) : tls.exportKeyingMaterial(128, EAP_TLS_LABEL)
  return km?.subarray(64, 128)
}
