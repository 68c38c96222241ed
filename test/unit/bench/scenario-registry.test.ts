// The bench's scenario catalogue (bench/scenarios/catalogue, one file per method family, found at
// start-up) and the --mix grammar: name[:weight] or name[=weight], comma-separated, aliases
// resolved, anything else refused with a clear error; draws follow the weights.
import { describe, expect, it } from 'vitest'
import { checkMixTargets, loadCatalogue, parseMixText, pick, type WeightedMix } from '../../../bench/scenarios/registry.js'
import type { Scenario } from '../../../bench/scenarios/scenario.js'

describe('bench scenario catalogue', () => {
  it('finds every scenario file with its names and aliases', async () => {
    const c = await loadCatalogue()
    expect([...c.names].sort()).toEqual(['eap-tls12', 'eap-tls12-resumed', 'eap-tls13', 'eap-tls13-resumed', 'mab', 'peap-tls', 'teap', 'ttls-pap'])
    expect(c.byName.get('ttls')?.name).toBe('ttls-pap')
    expect(c.byName.get('peap')?.name).toBe('peap-tls')
    // Only the resumed scenarios need a target that keeps TLS sessions.
    expect(c.names.filter((n) => c.byName.get(n)?.needsResumption === true).sort()).toEqual(['eap-tls12-resumed', 'eap-tls13-resumed'])
  })

  it('parses weights with ":" or "=", resolving aliases', async () => {
    const c = await loadCatalogue()
    expect(parseMixText('mab:5,eap-tls13=3, ttls : 2', c)).toEqual([{ name: 'mab', weight: 5 }, { name: 'eap-tls13', weight: 3 }, { name: 'ttls-pap', weight: 2 }])
    expect(parseMixText('peap', c)).toEqual([{ name: 'peap-tls', weight: 1 }])
    expect(parseMixText('mab:0.5', c)).toEqual([{ name: 'mab', weight: 0.5 }])
  })

  it('refuses unknown names, bad weights and empty mixes with a clear error', async () => {
    const c = await loadCatalogue()
    expect(() => parseMixText('mab:5,eap-fast:1', c)).toThrow(/unknown scenario eap-fast \(known: .*mab/)
    for (const bad of ['mab:0', 'mab:-1', 'mab:x', 'mab:1:2', 'mab:Infinity', 'mab:']) expect(() => parseMixText(bad, c), bad).toThrow(/bad weight/)
    expect(() => parseMixText(' , ', c)).toThrow(/no scenario/)
  })

  it('refuses teap against FreeRADIUS (3.2.1 has no TEAP module), in a mix too; allows it against the cluster and by address', async () => {
    const c = await loadCatalogue()
    const fr = { kind: 'freeradius', label: 'freeradius+udp' }
    expect(() => checkMixTargets(parseMixText('mab:5,teap:1', c), c, [{ kind: 'cluster', label: 'cluster+udp' }, fr])).toThrow(/scenario teap cannot run against freeradius\+udp: FreeRADIUS 3\.2\.1 .*no TEAP module/)
    expect(() => checkMixTargets(parseMixText('teap', c), c, [{ kind: 'cluster', label: 'cluster+radsec' }, { kind: 'address', label: 'udp://10.0.0.5:1812' }])).not.toThrow()
    expect(() => checkMixTargets(parseMixText('mab,eap-tls13,ttls,peap', c), c, [fr])).not.toThrow()
  })

  it('draws by weight: 5, 3, 2 split [0, 1) at 0.5 and 0.8', () => {
    const s = (name: string): Scenario => ({ name, run: async () => ({ outcome: 'success', rounds: 1, roundLatenciesMs: [], expected: true }) })
    const mix: WeightedMix = { entries: [{ scenario: s('a'), weight: 5 }, { scenario: s('b'), weight: 3 }, { scenario: s('c'), weight: 2 }], total: 10 }
    const at = (u: number): string => pick(mix, u).name
    expect([0, 0.49, 0.5, 0.79, 0.8, 0.999].map(at)).toEqual(['a', 'a', 'b', 'b', 'c', 'c'])
  })
})
