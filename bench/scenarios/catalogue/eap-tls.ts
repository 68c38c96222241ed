// EAP-TLS (RFC 5216; TLS 1.3 per RFC 9190): `eap-tls12`, `eap-tls13`, every authentication a full
// handshake; and `eap-tls12-resumed`, `eap-tls13-resumed`, where each simulated client keeps the
// TLS session (TLS 1.2: RFC 5077 ticket or session ID; TLS 1.3: the PSK of a NewSessionTicket,
// RFC 8446 §4.6.1) from its previous successful authentication on the same target and offers it
// (RFC 5216 §2.1.2, RFC 9190 §2.1.3). A client's first authentication is full; each one is
// counted as `full`, `resumed`, or `not-resumed` (offered, but the server made a full handshake).
// `eap-tls13` and `eap-tls13-resumed` run the lean TLS 1.3 client (supplicant/tls13/, its own
// Tls13Session kept) unless --tls-client node (node:tls and its Buffer sessions). Each client
// presents the shared client certificate, or with --eap-client-certs per-client its own (its CN
// as EAP identity and User-Name; supplicant/client-certificates.ts).
import type { SecureContext } from 'node:tls'
import type { EapTlsCredentials, LeanTlsCredentials } from '../../supplicant/credentials.js'
import { EapTlsPeer } from '../../supplicant/eap-tls-peer.js'
import type { Tls13Session } from '../../supplicant/tls13/index.js'
import type { EapTlsVersion } from '../../supplicant/msk.js'
import type { RoundTripper } from '../../transport/round-tripper.js'
import { runEapConversation } from '../eap-conversation.js'
import type { AuthResult, Scenario, ScenarioContext, ScenarioDefinition, ScenarioEnv } from '../scenario.js'

/** A session as the peer returns it: node:tls's serialised session, or the lean client's ticket and PSK. */
type Kept = Buffer | Tls13Session

export interface EapTlsScenarioOptions {
  version: EapTlsVersion
  /** Keep each client's session and offer it at its next authentication. */
  resume: boolean
}

/** The shared EAP-TLS client contexts (undefined when only per-client certificates exist), or the error that says how to give a certificate. */
export function requireClientCertificate(env: ScenarioEnv, scenario: string): EapTlsCredentials['contexts'] {
  const eap = env.eap
  if (eap === undefined || (eap.contexts === undefined && eap.perClient === undefined)) {
    throw new Error(`${scenario} needs a client certificate: a cluster or freeradius target, or --eap-cert, --eap-key, --eap-ca (or --eap-client-certs per-client with --eap-client-ca-cert, --eap-client-ca-key)`)
  }
  return eap.contexts
}

/** What client `index` presents: its own certificate and identity (--eap-client-certs per-client), else the shared ones. */
export interface PresentedClient {
  identity: string
  /** node:tls context for EAP-TLS of that version. */
  context(version: EapTlsVersion): SecureContext
  /** The lean TLS 1.3 client's credentials. */
  lean: LeanTlsCredentials | undefined
}

/** Built once per scenario: client index → what it presents (the shared case one object, no closure per session). */
export function presentedClients(eap: EapTlsCredentials, shared: EapTlsCredentials['contexts']): (index: number) => PresentedClient {
  const perClient = eap.perClient
  if (perClient !== undefined) return (index) => perClient.for(index)
  const contexts = shared as NonNullable<EapTlsCredentials['contexts']>
  const one: PresentedClient = { identity: eap.identity, context: (v) => contexts[v], lean: eap.lean }
  return () => one
}

export function eapTlsScenario(env: ScenarioEnv, o: EapTlsScenarioOptions): Scenario {
  const name = `eap-tls${o.version.replace('.', '')}${o.resume ? '-resumed' : ''}`
  const shared = requireClientCertificate(env, name)
  const eap = env.eap as NonNullable<ScenarioEnv['eap']>
  const presented = presentedClients(eap, shared)
  // Per target (its NAS objects are its own) and client: a session from one target means nothing to another.
  const sessions = new WeakMap<RoundTripper, Map<number, Kept>>()
  return {
    name,
    async run(ctx: ScenarioContext): Promise<AuthResult> {
      const kept = o.resume ? sessions.get(ctx.nas) ?? new Map<number, Kept>() : undefined
      if (kept !== undefined) sessions.set(ctx.nas, kept)
      const offered = kept?.get(ctx.client.index)
      const client = presented(ctx.client.index)
      // The lean client (TLS 1.3, no node:tls session offered: EapTlsPeer's choice) reads only
      // `lean`, yet the peer's options want a context: the shared one when there is one, so a
      // per-client context (about 1 ms to build) is made only for a client that runs node:tls.
      const onLean = o.version === '1.3' && env.tlsClient !== 'node' && client.lean !== undefined && !Buffer.isBuffer(offered)
      const sharedContext = shared?.[o.version]
      const peer = new EapTlsPeer({
        version: o.version, identity: client.identity, secureContext: onLean && sharedContext !== undefined ? sharedContext : client.context(o.version),
        servername: eap.serverName, maxEapLength: env.framedMtu, keepSession: o.resume, tlsClient: env.tlsClient ?? 'lean',
        ...(client.lean === undefined ? {} : { lean: client.lean }),
        ...(offered === undefined ? {} : { session: offered }),
      })
      try {
        const r = await runEapConversation(ctx, peer, { identity: client.identity, framedMtu: env.framedMtu })
        if (kept === undefined) return r
        const next = peer.session ?? offered
        if (r.outcome === 'success' && next !== undefined) kept.set(ctx.client.index, next)
        else kept.delete(ctx.client.index)
        return { ...r, variant: offered === undefined ? 'full' : peer.resumed ? 'resumed' : 'not-resumed' }
      } finally {
        peer.close()
      }
    },
  }
}

export const definitions: readonly ScenarioDefinition[] = [
  { name: 'eap-tls12', build: (env) => eapTlsScenario(env, { version: '1.2', resume: false }) },
  { name: 'eap-tls13', build: (env) => eapTlsScenario(env, { version: '1.3', resume: false }) },
  { name: 'eap-tls12-resumed', needsResumption: true, build: (env) => eapTlsScenario(env, { version: '1.2', resume: true }) },
  { name: 'eap-tls13-resumed', needsResumption: true, build: (env) => eapTlsScenario(env, { version: '1.3', resume: true }) },
]
