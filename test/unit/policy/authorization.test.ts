// Every assignable AAA label of requirements §2.6 and the endpoint overrides of §2.8: what one
// allow rule grants, with the documented conflict rule (first label of a kind wins; egress VLANs
// and custom attributes accumulate).
import { describe, expect, it } from 'vitest'
import { compilePolicy, evaluatePolicy, resolveAuthorization, type PolicyInput } from '../../../actors/policy/index.js'
import type { EndpointConfig, LabelConfig, OrgConfig } from '../../../proto/wire/org-config.js'

const labels: LabelConfig[] = [
  { name: 'IoT VLAN', type: 'vlan', vlan: '30', allowEndpointOverride: true },
  { name: 'Corp VLAN', type: 'vlan', vlan: 'employee-vlan', allowEndpointOverride: false },
  { name: 'role', type: 'role', role: 'camera' },
  { name: 'role-fixed', type: 'role', role: 'camera', allowEndpointOverride: false },
  { name: 'role-2', type: 'role', role: 'other' },
  { name: 'gbp', type: 'gbp-tag', tag: 16 },
  { name: 'gbp-2', type: 'gbp-tag', tag: 17 },
  { name: '8h', type: 'session-timeout', seconds: 28800 },
  { name: 'idle', type: 'standard-attribute', attributes: [{ name: 'Idle-Timeout', value: '600' }, { name: 'Termination-Action', value: 'RADIUS-Request' }] },
  { name: 'priv', type: 'vendor-attribute', attributes: [{ name: 'Cisco-AVPair', value: 'shell:priv-lvl=15' }] },
  { name: 'ap-trunk', type: 'egress-vlan', vlans: [{ vlan: 'ap-mgmt', tagged: false }, { vlan: '{{vlan1}}', tagged: true }] },
  { name: 'port', type: 'port-vlan', vlan: '{{vlan0}}' },
  { name: 'cn', type: 'returned-user-name', source: 'cert-cn', allowEndpointOverride: false },
  { name: 'upn', type: 'returned-user-name', source: 'san-upn', allowEndpointOverride: true },
  { name: 'email', type: 'returned-user-name', source: 'san-email', allowEndpointOverride: false },
  { name: 'dns', type: 'returned-user-name', source: 'san-dns', allowEndpointOverride: false },
  { name: 'auto', type: 'returned-user-name', source: 'automatic', allowEndpointOverride: false },
]
const org = (assign: string[]): OrgConfig => ({
  v: 1, org: 'o', name: undefined, deviceCa: '', radiusClients: [], labels,
  sites: [{ id: 'hq', name: undefined, variables: { vlan0: '40', vlan1: '200,222' } }],
  rules: [{ name: 'r', match: [], action: 'allow', assign }],
})
const input: PolicyInput = {
  authType: 'EAP-TLS', portType: 'Wired', mac: '112233445566', clientLabels: [], site: 'hq', userName: 'anonymous@corp.example.com',
  certificate: { cn: 'laptop-42', sanUpn: ['alice@corp.example.com'], sanEmail: ['alice@example.com'], sanDns: ['laptop-42.corp.example.com'] },
}
const endpoint: EndpointConfig = { mac: '112233445566', name: 'lobby-cam', role: 'special', vlan: '999', labels: [], description: undefined }
const grant = (assign: string[], ep?: EndpointConfig) => resolveAuthorization(evaluatePolicy(compilePolicy(org(assign)), input), ep)

describe('assigned labels', () => {
  const cases: Array<[string, string[], EndpointConfig | undefined, Record<string, unknown>]> = [
    ['VLAN ID', ['IoT VLAN'], undefined, { vlan: '30' }],
    ['VLAN name', ['Corp VLAN'], undefined, { vlan: 'employee-vlan' }],
    ['two VLAN labels: the first listed wins (L4888 "IoT VLAN, Corp VLAN")', ['IoT VLAN', 'Corp VLAN'], undefined, { vlan: '30' }],
    ['two VLAN labels, other order', ['Corp VLAN', 'IoT VLAN'], undefined, { vlan: 'employee-vlan' }],
    ['endpoint VLAN where the label allows it (L4637)', ['IoT VLAN'], endpoint, { vlan: '999' }],
    ['endpoint VLAN ignored where the label does not allow it', ['Corp VLAN'], endpoint, { vlan: 'employee-vlan' }],
    ['override follows the winning VLAN label', ['Corp VLAN', 'IoT VLAN'], endpoint, { vlan: 'employee-vlan' }],
    ['role', ['role'], undefined, { role: 'camera' }],
    ['endpoint role overrides by default (L6974)', ['role'], endpoint, { role: 'special' }],
    ['endpoint role refused by the label flag', ['role-fixed'], endpoint, { role: 'camera' }],
    ['no role label: the endpoint role is not sent (gated like the VLAN, §2.8)', ['IoT VLAN'], endpoint, { role: undefined }],
    ['two role labels: first wins', ['role-2', 'role'], undefined, { role: 'other' }],
    ['GBP tag, first wins', ['gbp', 'gbp-2'], undefined, { gbpTag: 16 }],
    ['session timeout', ['8h'], undefined, { sessionTimeout: 28800 }],
    ['custom standard attributes', ['idle'], undefined, { standard: [{ name: 'Idle-Timeout', value: '600' }, { name: 'Termination-Action', value: 'RADIUS-Request' }] }],
    ['custom vendor attributes', ['priv'], undefined, { vendorSpecific: [{ name: 'Cisco-AVPair', value: 'shell:priv-lvl=15' }] }],
    ['egress VLANs: names, and a site list expanded', ['ap-trunk'], undefined, { egressVlans: [{ vlan: 'ap-mgmt', tagged: false }, { vlan: '200', tagged: true }, { vlan: '222', tagged: true }] }],
    ['port VLAN from a site variable', ['port'], undefined, { portVlan: 40 }],
    ['returned user name: certificate CN', ['cn'], undefined, { userName: 'laptop-42' }],
    ['returned user name: SAN UPN', ['upn'], undefined, { userName: 'alice@corp.example.com' }],
    ['returned user name: SAN email', ['email'], undefined, { userName: 'alice@example.com' }],
    ['returned user name: SAN DNS', ['dns'], undefined, { userName: 'laptop-42.corp.example.com' }],
    ['returned user name: automatic keeps the request\'s', ['auto'], undefined, { userName: 'anonymous@corp.example.com' }],
    ['endpoint name overrides where allowed (L7008)', ['upn'], endpoint, { userName: 'lobby-cam' }],
    ['endpoint name ignored where not allowed', ['cn'], endpoint, { userName: 'laptop-42' }],
  ]
  it.each(cases)('%s', (_t, assign, ep, expected) => {
    expect(grant(assign, ep)).toMatchObject(expected)
  })

  it('no labels: nothing granted', () => {
    expect(grant([], endpoint)).toEqual({ vlan: undefined, role: undefined })
  })
})
