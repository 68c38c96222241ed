// The server check of the harness's node:tls clients: the contexts credentials.ts builds carry no
// CA, and the server's chain and name are checked after the handshake by the TrustStore registered
// for the context here (tls13/chain-check.ts: chain to the CA, every certificate's dates, the leaf's
// serverAuth and name), whose cache of verified chains (dates still checked each time) spares
// OpenSSL's X509_verify_cert and its signature check in every handshake: 12 % of the harness's CPU
// per EAP-TLS 1.2 session (bench/README.md). The timing is node:tls's own: with a CA in the context
// it too checks the result only once the handshake is done. A context without a registered store
// keeps OpenSSL's check (tls-pipe.ts).
import type { SecureContext } from 'node:tls'
import type { TrustStore } from './tls13/index.js'

const stores = new WeakMap<SecureContext, TrustStore>()

/** `ctx` (built without `ca`) has its server chains checked by `trust`. */
export function withServerTrust(ctx: SecureContext, trust: TrustStore): SecureContext {
  stores.set(ctx, trust)
  return ctx
}

export function serverTrustOf(ctx: SecureContext): TrustStore | undefined {
  return stores.get(ctx)
}
