// Every match label type and built-in token of requirements §2.3-2.6 as a criterion: one table,
// each row a label (or token), a request, and whether the rule matches.
import { describe, expect, it } from 'vitest'
import { compilePolicy, evaluatePolicy, ssidFromCalledStationId, type PolicyInput } from '../../../actors/policy/index.js'
import type { LabelConfig, OrgConfig } from '../../../proto/wire/org-config.js'

const base: PolicyInput = { authType: 'EAP-TLS', portType: 'Wireless', mac: '1122aa000001', clientLabels: [] }

/** Does a single-criterion allow rule match the request? */
function matches(token: string, labels: LabelConfig[], over: Partial<PolicyInput>): boolean {
  const org: OrgConfig = {
    v: 1, org: 'o', name: undefined, deviceCa: '', radiusClients: [], labels,
    sites: [{ id: 'hq', name: undefined }, { id: 'lab', name: undefined }],
    rules: [{ name: 'r', match: [token], action: 'allow', assign: [] }],
  }
  return evaluatePolicy(compilePolicy(org), { ...base, ...over }).allowed
}

const L = {
  cn: { name: 'cn', type: 'certificate-attribute', field: 'cn', values: ['laptop-*.corp.example.com'] },
  subject: { name: 'subject', type: 'certificate-attribute', field: 'subject', values: ['*O=Example*'] },
  serial: { name: 'serial', type: 'certificate-attribute', field: 'serial', values: ['01:0A:FF'] },
  issuer: { name: 'issuer', type: 'certificate-attribute', field: 'issuer', values: ['CN=My Org CA'] },
  upn: { name: 'upn', type: 'certificate-attribute', field: 'san-upn', values: ['*@corp.example.com'] },
  email: { name: 'email', type: 'certificate-attribute', field: 'san-email', values: ['alice@example.com'] },
  dns: { name: 'dns', type: 'certificate-attribute', field: 'san-dns', values: ['host1.example.com'] },
  uri: { name: 'uri', type: 'certificate-attribute', field: 'san-uri', values: ['urn:device:*'] },
  machineDns: { name: 'Machine Auth', type: 'certificate-attribute', field: 'san-dns', values: ['*.corp.example.com'], scope: 'machine' },
  list: { name: 'Approved Phillips Hubs', type: 'client-list', values: ['11-22-AA*', 'AABBCCDDEEFF'] },
  ssid: { name: 'Approved WLANs', type: 'ssid', values: ['Corp', 'eduroam'] },
  dir: { name: 'Employee Group', type: 'directory-attribute', groups: ['Employee'] },
  mdmC: { name: 'Intune-Compliant', type: 'mdm-compliance', values: ['compliant'] },
  mdmNU: { name: 'Non-Compliant or Unknown', type: 'mdm-compliance', values: ['non-compliant', 'unknown'] },
  tag: { name: 'printers', type: 'client-label', values: ['printer', 'building3'] },
  realm: { name: 'Home Users', type: 'realm', values: ['myuniversity.edu'] },
  user: { name: 'svc', type: 'user-name', values: ['svc-*'] },
  nas: { name: 'nas', type: 'nas-ip', values: ['10.1.0.0/16', '2001:db8::/32'] },
  role: { name: 'psk-role', type: 'role', role: 'iot' },
  vlan: { name: 'vlan', type: 'vlan', vlan: '100', allowEndpointOverride: false },
} satisfies Record<string, LabelConfig>

const cert = { cn: 'laptop-42.corp.example.com', subject: 'CN=laptop-42,O=Example,C=NL', serial: '010aff', issuer: 'cn=my org ca', sanUpn: ['host/x', 'alice@corp.example.com'], sanEmail: ['Alice@Example.com'], sanDns: ['host1.example.com'], sanUri: ['urn:device:7'] }

const cases: Array<[string, string, LabelConfig | undefined, Partial<PolicyInput>, boolean]> = [
  // Certificate attribute (§2.5 L3963): case-insensitive exact or `*`, any SAN entry of the type.
  ['cert CN wildcard', 'cn', L.cn, { certificate: cert }, true],
  ['cert CN miss', 'cn', L.cn, { certificate: { cn: 'printer.corp.example.com' } }, false],
  ['cert CN without certificate (MAB)', 'cn', L.cn, {}, false],
  ['cert subject contains', 'subject', L.subject, { certificate: cert }, true],
  ['cert serial in another spelling', 'serial', L.serial, { certificate: { serial: '01:0a:ff' } }, true],
  ['cert serial leading zeros', 'serial', L.serial, { certificate: { serial: '0000010AFF' } }, true],
  ['cert serial miss', 'serial', L.serial, { certificate: { serial: '010afe' } }, false],
  ['cert issuer case-insensitive', 'issuer', L.issuer, { certificate: cert }, true],
  ['cert SAN UPN any entry', 'upn', L.upn, { certificate: cert }, true],
  ['cert SAN email case-insensitive', 'email', L.email, { certificate: cert }, true],
  ['cert SAN DNS', 'dns', L.dns, { certificate: cert }, true],
  ['cert SAN DNS miss', 'dns', L.dns, { certificate: { sanDns: ['host2.example.com'] } }, false],
  ['cert SAN URI', 'uri', L.uri, { certificate: cert }, true],
  // TEAP (§1.4 [G]): a label reads the user's certificate unless scoped to the machine's.
  ['TEAP machine scope reads the machine certificate', 'Machine Auth', L.machineDns, { authType: 'TEAP', certificate: { sanDns: ['x.other'] }, machineCertificate: { sanDns: ['pc1.corp.example.com'] } }, true],
  ['TEAP machine scope ignores the user certificate', 'Machine Auth', L.machineDns, { authType: 'TEAP', certificate: { sanDns: ['pc1.corp.example.com'] } }, false],
  ['TEAP default scope reads the user certificate', 'dns', L.dns, { authType: 'TEAP', certificate: cert, machineCertificate: { sanDns: ['other'] } }, true],
  ['TEAP default scope ignores the machine certificate', 'dns', L.dns, { authType: 'TEAP', certificate: { sanDns: ['u'] }, machineCertificate: cert }, false],
  // Client list (§2.5 L3964, §4.3): OUI prefix and full MAC, any spelling, canonical input.
  ['client list OUI', 'Approved Phillips Hubs', L.list, { mac: '1122aa123456' }, true],
  ['client list full MAC', 'Approved Phillips Hubs', L.list, { mac: 'aabbccddeeff' }, true],
  ['client list miss', 'Approved Phillips Hubs', L.list, { mac: '1122ab123456' }, false],
  // SSID (§2.5 L3965): from Called-Station-Id "MAC:SSID", exact and case-sensitive, a list is OR.
  ['SSID from Called-Station-Id', 'Approved WLANs', L.ssid, { calledStationId: '00-10-A4-23-19-C0:Corp' }, true],
  ['SSID second of the list', 'Approved WLANs', L.ssid, { calledStationId: '0010a42319c0:eduroam' }, true],
  ['SSID is case-sensitive', 'Approved WLANs', L.ssid, { calledStationId: '00:10:A4:23:19:C0:corp' }, false],
  ['SSID given directly', 'Approved WLANs', L.ssid, { ssid: 'Corp' }, true],
  ['no SSID on a wired NAS', 'Approved WLANs', L.ssid, { calledStationId: '00-10-A4-23-19-C0' }, false],
  // Directory attribute (§2.5 L3966): group membership; a failed lookup does not match.
  ['directory group', 'Employee Group', L.dir, { groups: ['Staff', 'employee'] }, true],
  ['directory group missing', 'Employee Group', L.dir, { groups: ['Contractor'] }, false],
  ['directory lookup failed', 'Employee Group', L.dir, { groups: undefined }, false],
  // MDM compliance (§2.5 L3971): tri-state, no answer is "unknown".
  ['MDM compliant', 'Intune-Compliant', L.mdmC, { mdmCompliance: 'compliant' }, true],
  ['MDM non-compliant vs compliant label', 'Intune-Compliant', L.mdmC, { mdmCompliance: 'non-compliant' }, false],
  ['MDM non-compliant or unknown: unknown', 'Non-Compliant or Unknown', L.mdmNU, { mdmCompliance: 'unknown' }, true],
  ['MDM no answer counts as unknown', 'Non-Compliant or Unknown', L.mdmNU, {}, true],
  ['MDM compliant vs non-compliant-or-unknown', 'Non-Compliant or Unknown', L.mdmNU, { mdmCompliance: 'compliant' }, false],
  // Client label (§2.5 L3972): any of the values on the endpoint record.
  ['client label any of', 'printers', L.tag, { clientLabels: ['floor2', 'building3'] }, true],
  ['client label none', 'printers', L.tag, { clientLabels: ['floor2'] }, false],
  // AAA realm, user name, NAS IP, role (§2.6).
  ['realm suffix, case-insensitive', 'Home Users', L.realm, { userName: 'bob@MyUniversity.edu' }, true],
  ['realm of another domain', 'Home Users', L.realm, { userName: 'bob@other.edu' }, false],
  ['realm absent', 'Home Users', L.realm, { userName: 'bob' }, false],
  ['user name wildcard', 'svc', L.user, { userName: 'SVC-backup' }, true],
  ['user name miss', 'svc', L.user, { userName: 'alice' }, false],
  ['NAS IPv4 in prefix', 'nas', L.nas, { nasIp: '10.1.2.3' }, true],
  ['NAS IPv4 outside', 'nas', L.nas, { nasIp: '10.2.0.1' }, false],
  ['NAS IPv6 in prefix', 'nas', L.nas, { nasIp: '2001:db8::7' }, true],
  ['NAS IP unknown', 'nas', L.nas, {}, false],
  ['role carried by the request (PSK role)', 'psk-role', L.role, { roles: ['iot'] }, true],
  ['role not carried', 'psk-role', L.role, { roles: ['staff'] }, false],
  ['assign-only AAA label never matches', 'vlan', L.vlan, {}, false],
  // Built-in tokens (§2.3).
  ['auth type', 'EAP-TLS', undefined, {}, true],
  ['auth type other', 'MAB', undefined, {}, false],
  ['port type', 'Wireless', undefined, {}, true],
  ['port type other', 'Wired', undefined, {}, false],
  ['All Users', 'All Users', undefined, {}, true],
  ['site token', 'site:hq', undefined, { site: 'hq' }, true],
  ['site token other site', 'site:hq', undefined, { site: 'lab' }, false],
  ['site token without site', 'site:hq', undefined, {}, false],
  ['NAS vendor token, case-insensitive', 'nas-vendor:cisco', undefined, { nasVendor: 'Cisco' }, true],
  ['NAS vendor token other vendor', 'nas-vendor:cisco', undefined, { nasVendor: 'juniper' }, false],
]

describe('match criteria', () => {
  it.each(cases)('%s', (_t, token, label, over, expected) => {
    expect(matches(token, label === undefined ? [] : [label], over)).toBe(expected)
  })
})

describe('ssidFromCalledStationId (RFC 3580 §3.20)', () => {
  it.each([
    ['00-10-A4-23-19-C0:AP1', 'AP1'],
    ['00:10:a4:23:19:c0:My:SSID', 'My:SSID'],
    ['0010.a423.19c0:lab', 'lab'],
    ['001A2B3C4D5E:x y', 'x y'],
    ['00-10-A4-23-19-C0', undefined],
    ['00-10-A4-23-19-C0:', undefined],
    ['not-a-mac:Corp', undefined],
  ])('%s -> %s', (csi, ssid) => expect(ssidFromCalledStationId(csi)).toBe(ssid))
})
