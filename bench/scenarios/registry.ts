// The scenarios by name, and the weighted mix of --mix (mab:5,eap-tls13:3,ttls:2; `=` works as
// well as `:`): each authentication draws its scenario by weight. Every file in catalogue/ exports
// `definitions` (scenario.ts: ScenarioDefinition); they are found at start-up, so a new method's
// scenario (TEAP) is one new file there. A file without them, or a name defined twice, is an error.
import { readdirSync } from 'node:fs'
import type { Scenario, ScenarioDefinition, ScenarioEnv } from './scenario.js'

export const DEFAULT_FRAMED_MTU = 1400

const CATALOGUE = new URL('./catalogue/', import.meta.url)

export interface Catalogue {
  /** Names and aliases → definition. */
  readonly byName: ReadonlyMap<string, ScenarioDefinition>
  /** The scenario names (without aliases), in file order. */
  readonly names: readonly string[]
}

let loaded: Promise<Catalogue> | undefined

async function load(): Promise<Catalogue> {
  const byName = new Map<string, ScenarioDefinition>()
  const names: string[] = []
  // Run from source by tsx (.ts) or compiled (.js); declaration files are not modules.
  const files = readdirSync(CATALOGUE).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !/\.test\.(ts|js)$/.test(f)).sort()
  for (const f of files) {
    const mod = (await import(new URL(f, CATALOGUE).href)) as { definitions?: unknown }
    if (!Array.isArray(mod.definitions)) throw new Error(`bench/scenarios/catalogue/${f} exports no definitions`)
    for (const d of mod.definitions as ScenarioDefinition[]) {
      for (const n of [d.name, ...(d.aliases ?? [])]) {
        if (byName.has(n)) throw new Error(`scenario name ${n} defined twice (bench/scenarios/catalogue/${f})`)
        byName.set(n, d)
      }
      names.push(d.name)
    }
  }
  return { byName, names }
}

/** Every scenario of catalogue/ (loaded once). */
export function loadCatalogue(): Promise<Catalogue> {
  loaded ??= load()
  return loaded
}

export interface MixEntry { name: string; weight: number }

/** "mab" or "mab:5,eap-tls13:3,ttls:2" (or with `=`) into names and weights, checked against the catalogue. */
export function parseMixText(text: string, catalogue: Catalogue): MixEntry[] {
  const entries = text.split(',').filter((s) => s.trim() !== '').map((part) => {
    const [name = '', w, extra] = part.split(/[:=]/).map((s) => s.trim())
    const d = catalogue.byName.get(name)
    if (d === undefined) throw new Error(`unknown scenario ${name} (known: ${catalogue.names.join(', ')})`)
    const weight = w === undefined ? 1 : Number(w)
    if (extra !== undefined || !(weight > 0) || !Number.isFinite(weight)) throw new Error(`bad weight in ${part}: name:weight with a positive weight`)
    return { name: d.name, weight }
  })
  if (entries.length === 0) throw new Error('no scenario given')
  return entries
}

export interface WeightedMix {
  entries: Array<{ scenario: Scenario; weight: number }>
  total: number
}

/** Refuses a mix whose scenario cannot run against one of the targets (TEAP against FreeRADIUS 3.2). */
export function checkMixTargets(entries: readonly MixEntry[], catalogue: Catalogue, targets: ReadonlyArray<{ kind: string; label: string }>): void {
  for (const e of entries) {
    const refused = catalogue.byName.get(e.name)?.refusedTargets ?? {}
    for (const t of targets) {
      const why = (refused as Record<string, string | undefined>)[t.kind]
      if (why !== undefined) throw new Error(`scenario ${e.name} cannot run against ${t.label}: ${why}`)
    }
  }
}

/** Builds the scenarios of a mix for one run. */
export function buildMix(entries: readonly MixEntry[], catalogue: Catalogue, env: ScenarioEnv): WeightedMix {
  const built = entries.map((e) => ({ scenario: (catalogue.byName.get(e.name) as ScenarioDefinition).build(env), weight: e.weight }))
  return { entries: built, total: built.reduce((s, e) => s + e.weight, 0) }
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
