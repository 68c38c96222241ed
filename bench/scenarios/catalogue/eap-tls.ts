// EAP-TLS (RFC 5216; TLS 1.3 per RFC 9190): `eap-tls12`, `eap-tls13`, every authentication a full
// handshake; and `eap-tls12-resumed`, `eap-tls13-resumed`, where each simulated client keeps the
// TLS session (TLS 1.2: RFC 5077 ticket or session ID; TLS 1.3: the PSK of a NewSessionTicket,
// RFC 8446 §4.6.1) from its previous successful authentication on the same target and offers it
// (RFC 5216 §2.1.2, RFC 9190 §2.1.3). A client's first authentication is full; each one is
// counted as `full`, `resumed`, or `not-resumed` (offered, but the server made a full handshake).
// `eap-tls13` and `eap-tls13-resumed` run the lean TLS 1.3 client (supplicant/tls13/, its own
// Tls13Session kept) unless --tls-client node (node:tls and its Buffer sessions).
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

/** The EAP-TLS client contexts, or the error that says how to give them. */
export function requireClientCertificate(env: ScenarioEnv, scenario: string): NonNullable<NonNullable<ScenarioEnv['eap']>['contexts']> {
  const c = env.eap?.contexts
  if (c === undefined) throw new Error(`${scenario} needs a client certificate: a cluster or freeradius target, or --eap-cert, --eap-key, --eap-ca`)
  return c
}

export function eapTlsScenario(env: ScenarioEnv, o: EapTlsScenarioOptions): Scenario {
  const name = `eap-tls${o.version.replace('.', '')}${o.resume ? '-resumed' : ''}`
  const contexts = requireClientCertificate(env, name)
  const eap = env.eap as NonNullable<ScenarioEnv['eap']>
  // Per target (its NAS objects are its own) and client: a session from one target means nothing to another.
  const sessions = new WeakMap<RoundTripper, Map<number, Kept>>()
  return {
    name,
    async run(ctx: ScenarioContext): Promise<AuthResult> {
      const kept = o.resume ? sessions.get(ctx.nas) ?? new Map<number, Kept>() : undefined
      if (kept !== undefined) sessions.set(ctx.nas, kept)
      const offered = kept?.get(ctx.client.index)
      const peer = new EapTlsPeer({
        version: o.version, identity: eap.identity, secureContext: contexts[o.version], servername: eap.serverName, maxEapLength: env.framedMtu,
        keepSession: o.resume, tlsClient: env.tlsClient ?? 'lean',
        ...(eap.lean === undefined ? {} : { lean: eap.lean }),
        ...(offered === undefined ? {} : { session: offered }),
      })
      try {
        const r = await runEapConversation(ctx, peer, { identity: eap.identity, framedMtu: env.framedMtu })
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
