// Key derivation of EAP-TLS. TLS 1.2 (RFC 5216 §2.3): Key_Material = TLS-PRF-128(master_secret,
// "client EAP encryption", client.random || server.random), which is the RFC 5705 exporter
// without context; Session-Id = 0x0D || client.random || server.random. TLS 1.3 (RFC 9190 §2.3):
// Key_Material = TLS-Exporter("EXPORTER_EAP_TLS_Key_Material", Type-Code, 128), Method-Id =
// TLS-Exporter("EXPORTER_EAP_TLS_Method-Id", Type-Code, 64), Session-Id = Type-Code || Method-Id
// (as wpa_supplicant's eap_peer_tls_derive_session_id does). MSK = Key_Material[0..63], EMSK =
// Key_Material[64..127].
import { EapType } from '../../../proto/eap/index.js'
import type { TlsServerEngine } from './tls-engine.js'

export interface MethodKeys {
  msk: Buffer
  emsk: Buffer
  sessionId: Buffer
}

const TYPE_CODE = Buffer.from([EapType.Tls])

export function deriveEapTlsKeys(engine: TlsServerEngine): MethodKeys | undefined {
  if (engine.protocol === 'TLSv1.3') {
    const km = engine.exportKeyingMaterial(128, 'EXPORTER_EAP_TLS_Key_Material', TYPE_CODE)
    const methodId = engine.exportKeyingMaterial(64, 'EXPORTER_EAP_TLS_Method-Id', TYPE_CODE)
    const keys = { msk: Buffer.from(km.subarray(0, 64)), emsk: Buffer.from(km.subarray(64, 128)), sessionId: Buffer.concat([TYPE_CODE, methodId]) }
    km.fill(0)
    return keys
  }
  const cr = engine.clientRandom()
  const sr = engine.serverRandom()
  if (cr === undefined || sr === undefined) return undefined
  const km = engine.exportKeyingMaterial(128, 'client EAP encryption')
  const keys = { msk: Buffer.from(km.subarray(0, 64)), emsk: Buffer.from(km.subarray(64, 128)), sessionId: Buffer.concat([TYPE_CODE, cr, sr]) }
  km.fill(0)
  return keys
}

/** Zero key buffers after use (STYLE.md: key buffers are zeroed). */
export function zeroKeys(k: MethodKeys | undefined): void {
  k?.msk.fill(0)
  k?.emsk.fill(0)
}
