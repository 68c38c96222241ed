// The scenarios by name, and the weighted mix of --mix (mab=3,eap-tls=1): each authentication
// draws its scenario by weight. EAP methods register here as they land.
import { mabScenario } from './mab.js'
import type { Scenario } from './scenario.js'

export const scenarios: Readonly<Record<string, Scenario>> = { mab: mabScenario }

export interface WeightedMix {
  entries: Array<{ scenario: Scenario; weight: number }>
  total: number
}

/** Parses "mab" or "mab=3,eap-tls=1" into a weighted mix of known scenarios. */
export function parseMix(text: string): WeightedMix {
  const entries = text.split(',').filter((s) => s.trim() !== '').map((part) => {
    const [name = '', w] = part.split('=').map((s) => s.trim())
    const scenario = scenarios[name]
    if (scenario === undefined) throw new Error(`unknown scenario ${name} (known: ${Object.keys(scenarios).join(', ')})`)
    const weight = w === undefined ? 1 : Number(w)
    if (!(weight > 0)) throw new Error(`bad weight in ${part}`)
    return { scenario, weight }
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
