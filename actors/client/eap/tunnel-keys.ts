// Keys of the tunnelled methods. TLS 1.2: EAP-TTLS (RFC 5281 §8) "Keying Material =
// PRF-128(SecurityParameters.master_secret, "ttls keying material", client_random +
// server_random)"; PEAPv0 without crypto-binding uses the EAP-TLS label "client EAP encryption"
// (draft-josefsson-pppext-eap-tls-eap-10 §2.5; as wpa_supplicant's eap_peap_getKey does). Both
// are the RFC 5705 exporter without context. MSK = Keying Material[0..63], EMSK = [64..127];
// Session-Id = Type-Code || client.random || server.random (RFC 5247 Appendix A style, as
// wpa_supplicant's eap_peer_tls_derive_session_id). TLS 1.3 (RFC 9427 §2.1, §2.2):
// Key_Material = TLS-Exporter("EXPORTER_EAP_TLS_Key_Material", Type-Code, 128), Session-Id =
// Type-Code || TLS-Exporter("EXPORTER_EAP_TLS_Method-Id", Type-Code, 64).
import type { MethodKeys } from './eap-keys.js'
import type { TlsServerEngine } from './tls-engine.js'

export function deriveTunnelKeys(tunnel: TlsServerEngine, typeCode: number, tls12Label: string): MethodKeys | undefined {
  const type = Buffer.from([typeCode])
  if (tunnel.protocol === 'TLSv1.3') {
    const km = tunnel.exportKeyingMaterial(128, 'EXPORTER_EAP_TLS_Key_Material', type)
    const methodId = tunnel.exportKeyingMaterial(64, 'EXPORTER_EAP_TLS_Method-Id', type)
    const keys = { msk: Buffer.from(km.subarray(0, 64)), emsk: Buffer.from(km.subarray(64, 128)), sessionId: Buffer.concat([type, methodId]) }
    km.fill(0)
    return keys
  }
  const cr = tunnel.clientRandom()
  const sr = tunnel.serverRandom()
  if (cr === undefined || sr === undefined) return undefined
  const km = tunnel.exportKeyingMaterial(128, tls12Label)
  const keys = { msk: Buffer.from(km.subarray(0, 64)), emsk: Buffer.from(km.subarray(64, 128)), sessionId: Buffer.concat([type, cr, sr]) }
  km.fill(0)
  return keys
}
