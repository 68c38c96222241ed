// The scenarios by name, and the weighted mix of --mix (mab=3,eap-tls13=1): each authentication
// draws its scenario by weight. EAP methods register here as they land; they are built with what
// the run gives them (client credentials, Framed-MTU).
import type { EapTlsCredentials } from '../supplicant/credentials.js'
import { eapTlsScenario } from './eap-tls.js'
import { mabScenario } from './mab.js'
import type { Scenario } from './scenario.js'

export interface ScenarioEnv {
  /** EAP-TLS client credentials (a started target's demo files, or --eap-cert/--eap-key/--eap-ca). */
  eapTls?: EapTlsCredentials
  /** Framed-MTU of EAP scenarios (RFC 3580 §3.17). */
  framedMtu?: number
}

export const DEFAULT_FRAMED_MTU = 1400

const eapTls = (version: '1.2' | '1.3') => (env: ScenarioEnv): Scenario => {
  if (env.eapTls === undefined) throw new Error('EAP-TLS needs client credentials: a cluster or freeradius target, or --eap-cert, --eap-key, --eap-ca')
  return eapTlsScenario({ version, credentials: env.eapTls, framedMtu: env.framedMtu ?? DEFAULT_FRAMED_MTU })
}

const factories: Readonly<Record<string, (env: ScenarioEnv) => Scenario>> = {
  'mab': () => mabScenario,
  'eap-tls12': eapTls('1.2'),
  'eap-tls13': eapTls('1.3'),
}

export const scenarioNames: readonly string[] = Object.keys(factories)

/** True when a mix names an EAP scenario (it needs client credentials). */
export function mixNeedsEap(text: string): boolean {
  return /(^|,)\s*eap-/.test(text)
}

export interface WeightedMix {
  entries: Array<{ scenario: Scenario; weight: number }>
  total: number
}

/** Parses "mab" or "mab=3,eap-tls13=1" into a weighted mix of known scenarios. */
export function parseMix(text: string, env: ScenarioEnv = {}): WeightedMix {
  const entries = text.split(',').filter((s) => s.trim() !== '').map((part) => {
    const [name = '', w] = part.split('=').map((s) => s.trim())
    const factory = factories[name]
    if (factory === undefined) throw new Error(`unknown scenario ${name} (known: ${scenarioNames.join(', ')})`)
    const weight = w === undefined ? 1 : Number(w)
    if (!(weight > 0)) throw new Error(`bad weight in ${part}`)
    return { scenario: factory(env), weight }
  })
  if (entries.length === 0) throw new Error('no scenario given')
  return { entries, total: entries.reduce((s, e) => s + e.weight, 0) }
}

/** The scenario for a draw u in [0, 1). */
export function pick(mix: WeightedMix, u: number): Scenario {
  let x = u * mix.total
  for (const e of mix.entries) {
    if (x < e.weight) return e.scenario
    x -= e.weight
  }
  return (mix.entries[mix.entries.length - 1] as { scenario: Scenario }).scenario
}
