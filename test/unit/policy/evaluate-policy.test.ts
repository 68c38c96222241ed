// Rule semantics of requirements §2.2: first match wins, every criterion of a rule must match,
// block rules can precede allow rules, an implicit last rule denies, no rules rejects all.
import { describe, expect, it } from 'vitest'
import { compilePolicy, evaluatePolicy, resolveAuthorization, type PolicyInput } from '../../../actors/policy/index.js'
import type { EndpointConfig, LabelConfig, OrgConfig, RuleConfig } from '../../../proto/wire/org-config.js'

const labels: LabelConfig[] = [
  { name: 'iot', type: 'client-label', values: ['iot'] },
  { name: 'cameras', type: 'client-list', values: ['11-22-AA*', 'AABBCCDDEEFF'] },
  { name: 'banned', type: 'client-list', values: ['de:ad:be:ef:00:01'] },
  { name: 'vlan-100', type: 'vlan', vlan: '100', allowEndpointOverride: false },
  { name: 'vlan-200', type: 'vlan', vlan: '200', allowEndpointOverride: true },
  { name: 'vlan-300', type: 'vlan', vlan: '300', allowEndpointOverride: false },
  { name: 'role-cam', type: 'role', role: 'camera' },
]

const org = (rules: RuleConfig[]): OrgConfig => ({ v: 1, org: 'o', name: undefined, deviceCa: '', sites: [], radiusClients: [], labels, rules })
const rule = (match: string[], action: 'allow' | 'block', assign: string[] = [], name = match.join('+')): RuleConfig => ({ name, match, action, assign })
const input = (over: Partial<PolicyInput>): PolicyInput => ({ authType: 'MAB', portType: 'Wired', mac: '112233445566', clientLabels: [], ...over })

describe('evaluatePolicy', () => {
  it('rejects everything when there are no rules (L4424)', () => {
    expect(evaluatePolicy(compilePolicy(org([])), input({ clientLabels: ['iot'] }))).toEqual({ allowed: false, rule: undefined })
  })

  it('rejects when no policy exists for the org', () => {
    expect(evaluatePolicy(undefined, input({})).allowed).toBe(false)
  })

  const cases: Array<[string, RuleConfig[], Partial<PolicyInput>, boolean, string | undefined]> = [
    ['client label matches', [rule(['MAB', 'iot'], 'allow')], { clientLabels: ['iot'] }, true, 'MAB+iot'],
    ['client label missing: implicit deny', [rule(['MAB', 'iot'], 'allow')], { clientLabels: ['printer'] }, false, undefined],
    ['auth type must match too', [rule(['EAP-TLS', 'iot'], 'allow')], { clientLabels: ['iot'] }, false, undefined],
    ['port type Wired', [rule(['MAB', 'Wired'], 'allow')], { portType: 'Wired' }, true, 'MAB+Wired'],
    ['port type Wireless does not match Wired', [rule(['MAB', 'Wired'], 'allow')], { portType: 'Wireless' }, false, undefined],
    ['OUI wildcard in client list', [rule(['cameras'], 'allow')], { mac: '1122aa000001' }, true, 'cameras'],
    ['exact MAC in client list', [rule(['cameras'], 'allow')], { mac: 'aabbccddeeff' }, true, 'cameras'],
    ['client list miss', [rule(['cameras'], 'allow')], { mac: '1122ab000001' }, false, undefined],
    ['no MAC never matches a client list', [rule(['cameras'], 'allow')], { mac: undefined }, false, undefined],
    ['block before allow wins', [rule(['banned'], 'block'), rule(['MAB'], 'allow')], { mac: 'deadbeef0001' }, false, 'banned'],
    ['first match wins over a later one', [rule(['MAB'], 'allow', [], 'first'), rule(['MAB'], 'block', [], 'second')], {}, true, 'first'],
    ['empty match is all users', [rule([], 'allow', [], 'all')], { authType: 'EAP-TLS' }, true, 'all'],
    ['unknown label never matches', [rule(['nosuch'], 'allow')], {}, false, undefined],
    ['AAA labels are not criteria', [rule(['vlan-100'], 'allow')], {}, false, undefined],
  ]
  it.each(cases)('%s', (_title, rules, over, allowed, ruleName) => {
    const d = evaluatePolicy(compilePolicy(org(rules)), input(over))
    expect(d.allowed).toBe(allowed)
    expect(d.rule?.name).toBe(ruleName)
  })
})

describe('resolveAuthorization', () => {
  const endpoint = (over: Partial<EndpointConfig>): EndpointConfig => ({ mac: '112233445566', name: undefined, role: undefined, vlan: undefined, labels: [], description: undefined, ...over })
  const decide = (assign: string[]) => evaluatePolicy(compilePolicy(org([rule([], 'allow', assign)])), input({}))

  it('takes the VLAN and role of the assigned labels', () => {
    expect(resolveAuthorization(decide(['vlan-100', 'role-cam']), undefined)).toEqual({ vlan: '100', role: 'camera' })
  })
  it('ignores the endpoint VLAN where the label does not allow an override', () => {
    expect(resolveAuthorization(decide(['vlan-100']), endpoint({ vlan: '999' })).vlan).toBe('100')
  })
  it('honours the endpoint VLAN where the label allows it (L4637)', () => {
    expect(resolveAuthorization(decide(['vlan-200']), endpoint({ vlan: '999' })).vlan).toBe('999')
  })
  it('with two VLAN labels on one rule, the first listed wins', () => {
    expect(resolveAuthorization(decide(['vlan-300', 'vlan-100']), undefined).vlan).toBe('300')
  })
  it('the endpoint role overrides the role label (L6974)', () => {
    expect(resolveAuthorization(decide(['role-cam']), endpoint({ role: 'special' })).role).toBe('special')
  })
  it('no VLAN label, no VLAN', () => {
    expect(resolveAuthorization(decide([]), endpoint({ vlan: '999' })).vlan).toBeUndefined()
  })
})
