// What an EAP-TLS supplicant presents and trusts: its client certificate and key, the CA of the
// EAP server's certificate, the server name it checks (RFC 5216 §5.2: the peer must check the
// server's identity) and the EAP identity it sends. One TLS context is built once per bench run
// per TLS version and shared by every simulated supplicant, so keys are parsed only once (the
// versions live in the context: node:tls ignores minVersion/maxVersion beside a secureContext).
import { readFileSync } from 'node:fs'
import { createSecureContext, type SecureContext } from 'node:tls'

export interface EapTlsFiles {
  clientCert: string
  clientKey: string
  /** CA of the EAP server certificate. */
  serverCa: string
  serverName: string
  identity: string
}

export interface EapTlsCredentials {
  contexts: Readonly<Record<'1.2' | '1.3', SecureContext>>
  serverName: string
  identity: string
}

export function loadEapTlsCredentials(f: EapTlsFiles): EapTlsCredentials {
  const base = { cert: readFileSync(f.clientCert), key: readFileSync(f.clientKey), ca: readFileSync(f.serverCa) }
  const contexts = {
    '1.2': createSecureContext({ ...base, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }),
    '1.3': createSecureContext({ ...base, minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' }),
  }
  return { contexts, serverName: f.serverName, identity: f.identity }
}
