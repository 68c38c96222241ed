// The Master Session Key of EAP-TLS from the TLS exporter.
// RFC 5216 §2.3 (TLS 1.2): "Key_Material = TLS-PRF-128(master_secret, "client EAP encryption",
//   client.random || server.random); MSK = Key_Material(0,63)" — the RFC 5705 exporter without a
//   context, whose PRF output does not depend on the length asked for.
// RFC 9190 §2.3 (TLS 1.3): "Key_Material = TLS-Exporter("EXPORTER_EAP_TLS_Key_Material",
//   Type-Code, 128); MSK = Key_Material(0, 63)", Type-Code 0x0D. The TLS 1.3 exporter mixes the
//   length into its output, so all 128 octets are asked for and the first 64 kept.
import type { TlsPipe } from './tls-pipe.js'

export type EapTlsVersion = '1.2' | '1.3'

const TLS12_LABEL = 'client EAP encryption'
const TLS13_LABEL = 'EXPORTER_EAP_TLS_Key_Material'
const TYPE_CODE_TLS = Buffer.from([0x0d])

export function deriveMsk(tls: Pick<TlsPipe, 'exportKeyingMaterial'>, version: EapTlsVersion): Buffer | undefined {
  const km = version === '1.3' ? tls.exportKeyingMaterial(128, TLS13_LABEL, TYPE_CODE_TLS) : tls.exportKeyingMaterial(128, TLS12_LABEL)
  return km?.subarray(0, 64)
}
