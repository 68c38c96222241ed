// A scenario runs one authentication of one simulated client as a sequence of RADIUS round trips
// through its NAS, and reports how it ended. MAB is one round trip; an EAP supplicant (EAP-TLS,
// TTLS, PEAP, TEAP) is the same shape with many rounds carrying State (RFC 2865 §5.24) and
// EAP-Message (RFC 3579), and adds its own checks (MPPE keys) to decide success. Each file of
// scenarios/catalogue/ defines scenarios by name (ScenarioDefinition); registry.ts finds them.
import type { SimClient } from '../core/population.js'
import type { EapTlsCredentials } from '../supplicant/credentials.js'
import type { TlsClientKind } from '../supplicant/eap-tls-peer.js'
import type { TtlsPapCredentials } from '../supplicant/ttls-pap-phase2.js'
import type { Exchange, RoundTripper } from '../transport/round-tripper.js'

export const Outcome = {
  SUCCESS: 'success',
  REJECT: 'reject',
  TIMEOUT: 'timeout',
  ERROR: 'error',
} as const
export type Outcome = (typeof Outcome)[keyof typeof Outcome]

export interface ScenarioContext {
  client: SimClient
  nas: RoundTripper
}

export interface AuthResult {
  outcome: Outcome
  /** RADIUS round trips this authentication took (answered or not). */
  rounds: number
  /** Latency of each answered round trip, ms. */
  roundLatenciesMs: number[]
  /** Why an error or timeout happened, or what a success granted (for the summary). */
  detail?: string
  /** Did the outcome match what the population expects of this client (known MAC → success)? */
  expected: boolean
  /**
   * Which kind of authentication of the scenario this was, counted apart in round trips per
   * method (`<scenario>/<variant>`): resumption scenarios say `full`, `resumed`, `not-resumed`.
   */
  variant?: string
}

export interface Scenario {
  /** The name on the command line (--scenario, --mix). */
  readonly name: string
  run(ctx: ScenarioContext): Promise<AuthResult>
}

/** What a run gives the scenarios it builds. */
export interface ScenarioEnv {
  /** Framed-MTU of EAP scenarios (RFC 3580 §3.17), and the supplicant's fragment size. */
  framedMtu: number
  /** EAP client credentials (a started target's files, or --eap-cert/--eap-key/--eap-ca). */
  eap?: EapTlsCredentials
  /** EAP-TTLS/PAP user and password. */
  ttls: TtlsPapCredentials
  /** EAP-TLS 1.3's TLS client (default lean, full and resumed handshakes; node: node:tls). */
  tlsClient?: TlsClientKind
}

/** One scenario by name; a file of scenarios/catalogue/ exports `definitions: ScenarioDefinition[]`. */
export interface ScenarioDefinition {
  name: string
  /** Other names accepted in --scenario and --mix (e.g. `ttls` for `ttls-pap`). */
  aliases?: readonly string[]
  /** The target must keep TLS sessions (a started FreeRADIUS gets its session cache on). */
  needsResumption?: boolean
  /** Started peers it cannot run against, with why (refused before anything starts). */
  refusedTargets?: Partial<Record<'freeradius', string>>
  /** Built once per run, so state it keeps (TLS sessions) lasts the run. */
  build(env: ScenarioEnv): Scenario
}

/** Outcome of an authentication whose last round trip did not bring an answer. */
export function unanswered(e: Exclude<Exchange, { kind: 'answer' }>, rounds: number, latencies: number[]): AuthResult {
  return e.kind === 'timeout'
    ? { outcome: Outcome.TIMEOUT, rounds, roundLatenciesMs: latencies, detail: 'timeout', expected: false }
    : { outcome: Outcome.ERROR, rounds, roundLatenciesMs: latencies, detail: e.reason, expected: false }
}
