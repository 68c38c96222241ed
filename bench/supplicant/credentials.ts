// What an EAP supplicant presents and trusts: its client certificate and key (EAP-TLS, and the
// inner EAP-TLS of PEAP), the CA of the EAP server's certificate, the server name it checks (RFC
// 5216 §5.2: the peer must check the server's identity) and the EAP identity it sends. TLS
// contexts are built once per bench run and shared by every simulated supplicant, so keys are
// parsed only once (the versions live in the context: node:tls ignores minVersion/maxVersion
// beside a secureContext). The tunnel context (TTLS, PEAP) has no client certificate: the server
// does not ask for one there, and TLS 1.2 only, as wpa_supplicant 2.10 does for them by default
// (TLS 1.3 needs tls_disable_tlsv1_3=0). TEAP adds a user certificate: the client certificate is the
// machine's (RFC 7170 §3.3: machine and user credentials, each by its own inner method). The lean
// TLS 1.3 client (tls13/) gets the same files parsed once: the client key as a KeyObject, the
// client chain as DER, the CA as a TrustStore (whose cache of verified chains lasts the run).
// With `--eap-client-certs per-client` (clientCa given), each simulated client also gets its own
// certificate, issued here by client-certificates.ts under the EAP client CA; EAP-TLS and PEAP-TLS
// present it, TTLS and TEAP keep the shared files.
import { X509Certificate, constants, createPrivateKey, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createSecureContext, type SecureContext } from 'node:tls'
import { ClientCertificates } from './client-certificates.js'
import { withServerTrust } from './server-trust.js'
import { TrustStore, splitPem } from './tls13/index.js'

export interface EapTlsFiles {
  /** Absent: TTLS only (no EAP-TLS, no PEAP-TLS). */
  clientCert?: string
  clientKey?: string
  /** TEAP: the user's certificate and key, and the user's inner identity (the demo's user.pem, alice). */
  userCert?: string
  userKey?: string
  userIdentity?: string
  /** CA of the EAP server certificate. */
  serverCa: string
  serverName: string
  identity: string
}

/** `--eap-client-certs per-client`: the EAP client CA that issues each simulated client its certificate. */
export interface PerClientFiles {
  caCert: string
  caKey: string
  /** The population's size: clients 0 .. count-1. */
  count: number
}

/** What the lean TLS 1.3 client (tls13/) needs of the EAP-TLS credentials. */
export interface LeanTlsCredentials {
  clientKey: KeyObject
  /** The client certificate file's certificates, leaf first, DER. */
  clientChain: readonly Buffer[]
  /** The CA of the EAP server's certificate. */
  trust: TrustStore
}

export interface EapTlsCredentials {
  /** EAP-TLS with the client certificate, per TLS version (none without a client certificate). */
  contexts: Readonly<Record<'1.2' | '1.3', SecureContext>> | undefined
  /** The same client certificate and CA for the lean TLS 1.3 client (none without a client certificate). */
  lean: LeanTlsCredentials | undefined
  /** TTLS and PEAP outer tunnels: TLS 1.2, the server CA only. */
  tunnel: SecureContext
  /**
   * TEAP's inner EAP-TLS, machine (the client certificate) and user: TLS 1.2 without the session
   * ticket extension, as wpa_supplicant 2.10's phase 2 (eap_tls_common.c: TLS 1.3 off in tunnels,
   * tickets off under its default eap_workaround). Undefined without both certificates.
   */
  teapInner: { machine: SecureContext; user: SecureContext; userIdentity: string } | undefined
  serverName: string
  identity: string
  /**
   * `--eap-client-certs per-client`: each client's own certificate and identity (EAP-TLS, PEAP-TLS);
   * undefined: every client presents the shared one above.
   */
  perClient: ClientCertificates | undefined
}

/** The default TEAP user (the demo's user.pem: CN alice). */
export const DEFAULT_TEAP_USER = 'alice'

export function loadEapTlsCredentials(f: EapTlsFiles, perClientFiles?: PerClientFiles): EapTlsCredentials {
  const ca = readFileSync(f.serverCa)
  const trust = TrustStore.fromPem(ca)
  let contexts: EapTlsCredentials['contexts']
  let lean: EapTlsCredentials['lean']
  if (f.clientCert !== undefined && f.clientKey !== undefined) {
    // No `ca` in the contexts: the server is checked by `trust` (server-trust.ts).
    const base = { cert: readFileSync(f.clientCert), key: readFileSync(f.clientKey) }
    contexts = {
      '1.2': withServerTrust(createSecureContext({ ...base, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }), trust),
      '1.3': withServerTrust(createSecureContext({ ...base, minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' }), trust),
    }
    lean = {
      clientKey: createPrivateKey(base.key),
      clientChain: splitPem(base.cert.toString()).map((pem) => new X509Certificate(pem).raw),
      trust,
    }
  }
  const tunnel = withServerTrust(createSecureContext({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }), trust)
  let teapInner: EapTlsCredentials['teapInner']
  if (f.clientCert !== undefined && f.clientKey !== undefined && f.userCert !== undefined && f.userKey !== undefined) {
    const inner = (cert: string, key: string): SecureContext => withServerTrust(createSecureContext({
      cert: readFileSync(cert), key: readFileSync(key), minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', secureOptions: constants.SSL_OP_NO_TICKET,
    }), trust)
    teapInner = { machine: inner(f.clientCert, f.clientKey), user: inner(f.userCert, f.userKey), userIdentity: f.userIdentity ?? DEFAULT_TEAP_USER }
  }
  const perClient = perClientFiles === undefined ? undefined : new ClientCertificates({
    caCertPem: readFileSync(perClientFiles.caCert, 'utf8'), caKeyPem: readFileSync(perClientFiles.caKey, 'utf8'),
    identity: f.identity, count: perClientFiles.count, trust,
  })
  return { contexts, lean, tunnel, teapInner, serverName: f.serverName, identity: f.identity, perClient }
}
