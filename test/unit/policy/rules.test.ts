// Rule semantics of requirements §2.1-2.2 and §2.9, table-driven: first match wins, all criteria
// of a rule must match, allow/block, labels assigned only on allow, implicit last rule denies, no
// rules rejects, new rules on top, the list replaced as a whole, per-rule hit counts, site
// variables (scalar, list, range) resolved with the request's site.
import { describe, expect, it } from 'vitest'
import {
  LAST_RULE_KEY, compilePolicy, evaluatePolicy, insertRule, replaceRules, resolveAuthorization, type PolicyInput,
} from '../../../actors/policy/index.js'
import type { LabelConfig, OrgConfig, RuleConfig } from '../../../proto/wire/org-config.js'

const labels: LabelConfig[] = [
  { name: 'iot', type: 'client-label', values: ['iot'] },
  { name: 'banned', type: 'client-list', values: ['de:ad:be:ef:00:01'] },
  { name: 'Corp', type: 'ssid', values: ['Corp'] },
  { name: 'corp-vlan', type: 'vlan', vlan: '750', allowEndpointOverride: false },
  { name: 'workforce-wifi-variable', type: 'vlan', vlan: '{{vlan0}}', allowEndpointOverride: false },
  { name: 'pool', type: 'vlan', vlan: '{{vlan1}}', allowEndpointOverride: false },
  { name: 'range', type: 'vlan', vlan: '{{vlan2}}', allowEndpointOverride: false },
]
// Site variables as in the seed's table (L4596-L4601; §9.3: trust the table).
const sites = [
  { id: 'Site-1', name: undefined, variables: { vlan0: '100', vlan1: '200,222', vlan2: '20-30' } },
  { id: 'Site-2', name: undefined, variables: { vlan0: '500' } },
]
const org = (rules: RuleConfig[]): OrgConfig => ({ v: 1, org: 'o', name: undefined, deviceCa: '', sites, radiusClients: [], labels, rules })
const rule = (name: string, match: string[], action: 'allow' | 'block', assign: string[] = []): RuleConfig => ({ name, match, action, assign })
const req = (over: Partial<PolicyInput> = {}): PolicyInput => ({ authType: 'EAP-TLS', portType: 'Wireless', mac: '112233445566', clientLabels: [], ...over })

describe('rule semantics', () => {
  const cases: Array<[string, RuleConfig[], Partial<PolicyInput>, boolean, string | undefined]> = [
    ['no rules: reject everything (L4424)', [], {}, false, undefined],
    ['implicit last rule denies (L4665)', [rule('mab', ['MAB'], 'allow')], {}, false, undefined],
    ['all criteria must match: one fails', [rule('r', ['EAP-TLS', 'Corp', 'Wired'], 'allow')], { ssid: 'Corp' }, false, undefined],
    ['all criteria must match: all hold', [rule('r', ['EAP-TLS', 'Corp', 'Wireless'], 'allow')], { ssid: 'Corp' }, true, 'r'],
    ['first match wins (L4656)', [rule('a', ['EAP-TLS'], 'allow'), rule('b', ['EAP-TLS'], 'block')], {}, true, 'a'],
    ['a block rule before allow rules (L7492)', [rule('Banned Devices', ['banned'], 'block'), rule('all', [], 'allow')], { mac: 'deadbeef0001' }, false, 'Banned Devices'],
    ['a non-matching block rule falls through', [rule('Banned Devices', ['banned'], 'block'), rule('all', [], 'allow')], {}, true, 'all'],
    ['empty match is all users (L7470)', [rule('all', [], 'allow')], {}, true, 'all'],
    ['"All Users" token', [rule('all', ['All Users'], 'allow')], {}, true, 'all'],
    ['site token picks the site rule (L4661)', [rule('s1', ['site:Site-1'], 'allow'), rule('s2', ['site:Site-2'], 'allow')], { site: 'Site-2' }, true, 's2'],
  ]
  it.each(cases)('%s', (_t, rules, over, allowed, name) => {
    const d = evaluatePolicy(compilePolicy(org(rules)), req(over))
    expect(d.allowed).toBe(allowed)
    expect(d.rule?.name).toBe(name)
  })

  it('a block rule assigns nothing even if its document lists labels (§2.1)', () => {
    const d = evaluatePolicy(compilePolicy(org([rule('b', [], 'block', ['corp-vlan'])])), req())
    expect(d.rule?.assign).toEqual([])
    expect(resolveAuthorization(d, undefined)).toEqual({ vlan: undefined, role: undefined })
  })

  it('labels are assigned on allow', () => {
    const d = evaluatePolicy(compilePolicy(org([rule('a', [], 'allow', ['corp-vlan'])])), req())
    expect(resolveAuthorization(d, undefined).vlan).toBe('750')
  })
})

describe('insertRule, replaceRules', () => {
  const existing = [rule('one', ['MAB'], 'allow'), rule('two', [], 'block')]
  it('puts a new rule first (L7467 "appears at the top of the rules, numbered. 1.")', () => {
    const next = insertRule(existing, rule('new', ['EAP-TLS'], 'allow'))
    expect(next.map((r) => r.name)).toEqual(['new', 'one', 'two'])
    expect(existing.map((r) => r.name)).toEqual(['one', 'two']) // pure
  })
  it('the new rule takes effect before the old ones', () => {
    const doc = replaceRules(org(existing), insertRule(existing, rule('new', [], 'block')))
    expect(evaluatePolicy(compilePolicy(doc), req({ authType: 'MAB' })).rule?.name).toBe('new')
  })
  it('replaces the whole list: the compiled policy is either the old or the new one (L4654)', () => {
    const before = org(existing)
    const after = replaceRules(before, [rule('only', [], 'allow')])
    expect(before.rules.map((r) => r.name)).toEqual(['one', 'two'])
    expect(compilePolicy(after).rules.map((r) => r.name)).toEqual(['only'])
  })
})

describe('hit counts (§7.5)', () => {
  it('counts each decision against its rule, and the implicit deny against "last"', () => {
    const p = compilePolicy(org([{ id: 'r-mab', name: 'mab', match: ['MAB'], action: 'allow', assign: [] }, rule('tls', ['EAP-TLS'], 'allow')]))
    evaluatePolicy(p, req({ authType: 'MAB' }))
    evaluatePolicy(p, req({ authType: 'MAB' }))
    evaluatePolicy(p, req())
    evaluatePolicy(p, req({ authType: 'TEAP' }))
    expect(Object.fromEntries(p.hits())).toEqual({ 'r-mab': 2, tls: 1, [LAST_RULE_KEY]: 1 })
  })
  it('keeps counts of rules that survive a new rule list (keys are stable across reorders)', () => {
    const r1 = { id: 'keep', name: 'k', match: ['MAB'], action: 'allow' as const, assign: [] }
    const p1 = compilePolicy(org([r1, rule('gone', [], 'block')]))
    evaluatePolicy(p1, req({ authType: 'MAB' }))
    evaluatePolicy(p1, req())
    const p2 = compilePolicy(org(insertRule([r1], rule('new', ['TEAP'], 'allow'))), { previous: p1 })
    expect(Object.fromEntries(p2.hits())).toEqual({ keep: 1 })
    expect(p2.rules.map((r) => r.key)).toEqual(['new', 'keep'])
  })
  it('unnamed rules get positional keys', () => {
    const p = compilePolicy(org([{ name: undefined, match: [], action: 'allow', assign: [] }]))
    expect(p.rules[0]?.key).toBe('rule-1')
  })
})

describe('site variables (§2.9)', () => {
  const decide = (label: string, over: Partial<PolicyInput>) =>
    resolveAuthorization(evaluatePolicy(compilePolicy(org([rule('wifi', [], 'allow', [label])])), req(over)), undefined)

  it('a scalar resolves per site (Site-1: 100, Site-2: 500)', () => {
    expect(decide('workforce-wifi-variable', { site: 'Site-1' }).vlan).toBe('100')
    expect(decide('workforce-wifi-variable', { site: 'Site-2' }).vlan).toBe('500')
  })
  it('a list "200,222" is a VLAN pool: one member per client, stable by MAC', () => {
    const seen = new Set<string | undefined>()
    for (let i = 0; i < 32; i++) {
      const mac = `0000000000${i.toString(16).padStart(2, '0')}`
      const v = decide('pool', { site: 'Site-1', mac }).vlan
      expect(['200', '222']).toContain(v)
      expect(decide('pool', { site: 'Site-1', mac }).vlan).toBe(v)
      seen.add(v)
    }
    expect(seen.size).toBe(2)
  })
  it('a range "20-30" is a pool of 20..30', () => {
    for (let i = 0; i < 16; i++) {
      const v = Number(decide('range', { site: 'Site-1', mac: `00000000aa${i.toString(16).padStart(2, '0')}` }).vlan)
      expect(v).toBeGreaterThanOrEqual(20)
      expect(v).toBeLessThanOrEqual(30)
    }
  })
  it('an undefined variable leaves the VLAN out and reports a problem (fail closed)', () => {
    const a = decide('pool', { site: 'Site-2' })
    expect(a.vlan).toBeUndefined()
    expect(a.problems?.[0]).toMatch(/\{\{vlan1\}\}.*Site-2/)
    expect(decide('workforce-wifi-variable', {}).problems).toHaveLength(1)
  })
})
