// Validation of every label type, rule token and site variable (requirements §2.4-2.9): the
// valid document passes with canonical values, and each broken field gives exactly one error
// with its path and rule id.
import { describe, expect, it } from 'vitest'
import { ConfigRule, formatConfigError, validateOrgConfig } from '../../../ops/config/index.js'

type Doc = Record<string, unknown> & { [k: string]: any } // eslint-disable-line @typescript-eslint/no-explicit-any

function base(): Doc {
  return {
    org: 'acme',
    sites: [{ id: 'hq', variables: { vlan0: 100, vlan1: '200,222', vlan2: '20-30' } }, { id: 'lab' }],
    labels: [
      { name: 'cn', type: 'certificate-attribute', field: 'cn', values: ['*.corp.example.com'] }, // 0
      { name: 'Approved WLANs', type: 'ssid', values: 'Corp, eduroam' }, // 1
      { name: 'Employee Group', type: 'directory-attribute', groups: ['Employee'] }, // 2
      { name: 'Intune-Compliant', type: 'mdm-compliance', values: ['compliant'] }, // 3
      { name: 'Home Users', type: 'realm', values: ['@MyUniversity.edu'] }, // 4
      { name: 'svc', type: 'user-name', values: ['svc-*'] }, // 5
      { name: 'nas', type: 'nas-ip', values: ['10.1.0.0/16', '2001:db8::1'] }, // 6
      { name: 'gbp', type: 'gbp-tag', tag: 16 }, // 7
      { name: '8h', type: 'session-timeout', seconds: 28800 }, // 8
      { name: 'priv', type: 'vendor-attribute', attributes: [{ vendor: 'Cisco', name: 'Cisco-AVPair', value: 'shell:priv-lvl=15' }] }, // 9
      { name: 'idle', type: 'standard-attribute', attributes: [{ name: 'Idle-Timeout', value: 600 }, { name: 'Termination-Action', value: 'RADIUS-Request' }] }, // 10
      { name: 'ap-trunk', type: 'egress-vlan', vlans: [{ vlan: 'ap-mgmt', tagged: true }, { vlan: '{{vlan1}}', tagged: false }] }, // 11
      { name: 'upn', type: 'returned-user-name', source: 'san-upn', allowEndpointOverride: true }, // 12
      { name: 'port', type: 'port-vlan', vlan: 40 }, // 13
      { name: 'role', type: 'role', role: 'camera' }, // 14
      { name: 'vlan', type: 'vlan', vlan: '{{vlan0}}' }, // 15
      { name: 'iot', type: 'client-label', values: ['iot'] }, // 16
    ],
    rules: [
      { id: 'r1', name: 'wifi', match: ['site:hq', 'EAP-TLS', 'cn', 'Approved WLANs', 'Employee Group', 'Intune-Compliant', 'Home Users', 'svc', 'nas', 'role'], action: 'allow', assign: ['gbp', '8h', 'priv', 'idle', 'ap-trunk', 'upn', 'port', 'role', 'vlan'] },
      { id: 'r2', name: 'cisco wired', match: ['nas-vendor:cisco', 'Wired', 'All Users', 'iot'], action: 'block' },
    ],
  }
}

describe('valid labels', () => {
  it('keeps a certificate label scoped to the TEAP machine certificate', () => {
    const d = base()
    d.labels[0].scope = 'machine'
    const r = validateOrgConfig(d, 'acme.yaml')
    if (!r.ok) throw new Error(r.errors.map(formatConfigError).join('\n'))
    expect(r.org.labels[0]).toEqual({ name: 'cn', type: 'certificate-attribute', field: 'cn', values: ['*.corp.example.com'], scope: 'machine' })
  })

  it('accepts every label type and canonicalises values', () => {
    const r = validateOrgConfig(base(), 'acme.yaml')
    if (!r.ok) throw new Error(r.errors.map(formatConfigError).join('\n'))
    const byName = new Map(r.org.labels.map((l) => [l.name, l]))
    expect(r.org.labels).toHaveLength(17)
    expect(byName.get('Approved WLANs')).toEqual({ name: 'Approved WLANs', type: 'ssid', values: ['Corp', 'eduroam'] })
    expect(byName.get('Home Users')).toEqual({ name: 'Home Users', type: 'realm', values: ['myuniversity.edu'] })
    expect(byName.get('idle')).toEqual({ name: 'idle', type: 'standard-attribute', attributes: [{ name: 'Idle-Timeout', value: '600' }, { name: 'Termination-Action', value: 'RADIUS-Request' }] })
    expect(byName.get('role')).toEqual({ name: 'role', type: 'role', role: 'camera', allowEndpointOverride: true })
    expect(byName.get('port')).toEqual({ name: 'port', type: 'port-vlan', vlan: '40' })
    expect(r.org.sites[0]).toEqual({ id: 'hq', name: undefined, variables: { vlan0: '100', vlan1: '200,222', vlan2: '20-30' } })
    expect(r.org.rules[0]?.id).toBe('r1')
    expect(byName.get('cn')).toEqual({ name: 'cn', type: 'certificate-attribute', field: 'cn', values: ['*.corp.example.com'] })
    expect(r.org.rules[1]).toEqual({ id: 'r2', name: 'cisco wired', match: ['nas-vendor:cisco', 'Wired', 'All Users', 'iot'], action: 'block', assign: [] })
  })
})

const cases: Array<[string, (d: Doc) => void, string, keyof typeof ConfigRule]> = [
  ['certificate field unknown', (d) => { d.labels[0].field = 'ou' }, 'labels[0].field', 'certificate-field'],
  ['certificate scope unknown', (d) => { d.labels[0].scope = 'device' }, 'labels[0].scope', 'certificate-scope'],
  ['certificate values empty', (d) => { d.labels[0].values = [] }, 'labels[0].values', 'non-empty'],
  ['SSID longer than 32 octets', (d) => { d.labels[1].values = ['x'.repeat(33)] }, 'labels[1].values[0]', 'ssid'],
  ['directory groups missing', (d) => { delete d.labels[2].groups }, 'labels[2]', 'required'],
  ['MDM state unknown', (d) => { d.labels[3].values = ['compliant', 'maybe'] }, 'labels[3].values[1]', 'mdm-state'],
  ['realm not a domain', (d) => { d.labels[4].values = ['my university'] }, 'labels[4].values[0]', 'realm'],
  ['user name value not a string', (d) => { d.labels[5].values = [7] }, 'labels[5].values[0]', 'type'],
  ['NAS IP malformed', (d) => { d.labels[6].values = ['10.1.0.300'] }, 'labels[6].values[0]', 'nas-ip'],
  ['NAS IP prefix with host bits', (d) => { d.labels[6].values = ['10.1.0.1/16'] }, 'labels[6].values[0]', 'nas-ip'],
  ['GBP tag 0', (d) => { d.labels[7].tag = 0 }, 'labels[7].tag', 'gbp-tag'],
  ['GBP tag 65536', (d) => { d.labels[7].tag = 65536 }, 'labels[7].tag', 'gbp-tag'],
  ['session timeout 3599 (L3948 "from 3600")', (d) => { d.labels[8].seconds = 3599 }, 'labels[8].seconds', 'session-timeout'],
  ['session timeout 604801 (L3948 "to 604800")', (d) => { d.labels[8].seconds = 604801 }, 'labels[8].seconds', 'session-timeout'],
  ['session timeout not an integer', (d) => { d.labels[8].seconds = 3600.5 }, 'labels[8].seconds', 'session-timeout'],
  ['VSA not in the dictionary', (d) => { d.labels[9].attributes[0].name = 'Cisco-AVPiar' }, 'labels[9].attributes[0].name', 'attribute-name'],
  ['VSA of another vendor', (d) => { d.labels[9].attributes[0].vendor = 'Juniper' }, 'labels[9].attributes[0].vendor', 'attribute-name'],
  ['standard attribute in a VSA label', (d) => { d.labels[9].attributes[0] = { name: 'Idle-Timeout', value: 1 } }, 'labels[9].attributes[0].name', 'attribute-name'],
  ['VSA in a standard label', (d) => { d.labels[10].attributes[0] = { name: 'Cisco-AVPair', value: 'x' } }, 'labels[10].attributes[0].name', 'attribute-name'],
  ['standard attribute the server manages', (d) => { d.labels[10].attributes[0] = { name: 'Tunnel-Private-Group-Id', value: '5' } }, 'labels[10].attributes[0].name', 'attribute-name'],
  ['encrypted VSA refused', (d) => { d.labels[9].attributes[0] = { name: 'MS-MPPE-Send-Key', value: 'x' } }, 'labels[9].attributes[0].name', 'attribute-name'],
  ['standard attribute value of the wrong type', (d) => { d.labels[10].attributes[0].value = 'ten minutes' }, 'labels[10].attributes[0].value', 'attribute-value'],
  ['standard attribute unknown value name', (d) => { d.labels[10].attributes[1].value = 'Reboot' }, 'labels[10].attributes[1].value', 'attribute-value'],
  ['custom attributes empty', (d) => { d.labels[10].attributes = [] }, 'labels[10].attributes', 'non-empty'],
  ['egress VLAN out of range', (d) => { d.labels[11].vlans[0].vlan = 4095 }, 'labels[11].vlans[0].vlan', 'vlan'],
  ['egress VLAN tagging missing', (d) => { delete d.labels[11].vlans[0].tagged }, 'labels[11].vlans[0]', 'required'],
  ['returned user name source unknown', (d) => { d.labels[12].source = 'san-ip' }, 'labels[12].source', 'user-name-source'],
  ['returned user name override not boolean', (d) => { d.labels[12].allowEndpointOverride = 'yes' }, 'labels[12].allowEndpointOverride', 'type'],
  ['port VLAN name refused', (d) => { d.labels[13].vlan = 'voice' }, 'labels[13].vlan', 'vlan'],
  ['role override not boolean', (d) => { d.labels[14].allowEndpointOverride = 1 }, 'labels[14].allowEndpointOverride', 'type'],
  ['site variable name bad', (d) => { d.sites[0].variables['vlan-0'] = '1' }, 'sites[0].variables.vlan-0', 'site-variable'],
  ['site variable empty', (d) => { d.sites[0].variables.vlan2 = ' ' }, 'sites[0].variables.vlan2', 'site-variable'],
  ['site variables not a mapping', (d) => { d.sites[0].variables = ['vlan0'] }, 'sites[0].variables', 'type'],
  ['site token of an unknown site', (d) => { d.rules[0].match[0] = 'site:Site3' }, 'rules[0].match[0]', 'site-exists'],
  ['NAS vendor token unknown', (d) => { d.rules[1].match[0] = 'nas-vendor:acme' }, 'rules[1].match[0]', 'nas-vendor'],
  ['label name is a site token', (d) => { d.labels[16].name = 'site:iot'; d.rules[1].match[3] = 'Wired' }, 'labels[16].name', 'label-reserved'],
  ['assign-only label in a match', (d) => { d.rules[1].match[3] = 'gbp' }, 'rules[1].match[3]', 'label-matchable'],
  ['match-only label assigned', (d) => { d.rules[0].assign[0] = 'Approved WLANs' }, 'rules[0].assign[0]', 'label-assignable'],
  ['rule id twice', (d) => { d.rules[1].id = 'r1' }, 'rules[1].id', 'rule-id-unique'],
  ['rule id not a token', (d) => { d.rules[1].id = 'rule two' }, 'rules[1].id', 'rule-id-unique'],
]

describe('label, rule and site-variable errors', () => {
  it.each(cases)('%s', (_t, edit, path, rule) => {
    const d = base()
    edit(d)
    const r = validateOrgConfig(d, 'acme.yaml')
    const errors = r.ok ? [] : r.errors
    expect(errors.map((e) => `${e.path} ${e.rule}`)).toEqual([`${path} ${rule}`])
    expect(ConfigRule[rule]).toBeTruthy()
  })
})
