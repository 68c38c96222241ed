// What an EAP supplicant presents and trusts: its client certificate and key (EAP-TLS, and the
// inner EAP-TLS of PEAP), the CA of the EAP server's certificate, the server name it checks (RFC
// 5216 §5.2: the peer must check the server's identity) and the EAP identity it sends. TLS
// contexts are built once per bench run and shared by every simulated supplicant, so keys are
// parsed only once (the versions live in the context: node:tls ignores minVersion/maxVersion
// beside a secureContext). The tunnel context (TTLS, PEAP) has no client certificate: the server
// does not ask for one there, and TLS 1.2 only, as wpa_supplicant 2.10 does for them by default
// (TLS 1.3 needs tls_disable_tlsv1_3=0).
import { readFileSync } from 'node:fs'
import { createSecureContext, type SecureContext } from 'node:tls'

export interface EapTlsFiles {
  /** Absent: TTLS only (no EAP-TLS, no PEAP-TLS). */
  clientCert?: string
  clientKey?: string
  /** CA of the EAP server certificate. */
  serverCa: string
  serverName: string
  identity: string
}

export interface EapTlsCredentials {
  /** EAP-TLS with the client certificate, per TLS version (none without a client certificate). */
  contexts: Readonly<Record<'1.2' | '1.3', SecureContext>> | undefined
  /** TTLS and PEAP outer tunnels: TLS 1.2, the server CA only. */
  tunnel: SecureContext
  serverName: string
  identity: string
}

export function loadEapTlsCredentials(f: EapTlsFiles): EapTlsCredentials {
  const ca = readFileSync(f.serverCa)
  let contexts: EapTlsCredentials['contexts']
  if (f.clientCert !== undefined && f.clientKey !== undefined) {
    const base = { cert: readFileSync(f.clientCert), key: readFileSync(f.clientKey), ca }
    contexts = {
      '1.2': createSecureContext({ ...base, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }),
      '1.3': createSecureContext({ ...base, minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' }),
    }
  }
  const tunnel = createSecureContext({ ca, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' })
  return { contexts, tunnel, serverName: f.serverName, identity: f.identity }
}
