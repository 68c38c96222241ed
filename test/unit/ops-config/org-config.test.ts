// Org config from YAML: the demo file validates; each broken rule is reported with its file,
// path, rule id and line; secrets never appear in error text.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import {
  ConfigRule, formatConfigError, loadOrgConfigDir, loadOrgConfigFile, parseOrgConfig, validateOrgConfig, type ConfigError,
} from '../../../ops/config/index.js'
import { createCa } from '../../../workers/tasks/create-ca.js'
import { issueCertificate } from '../../../workers/tasks/issue-certificate.js'

const demoPath = fileURLToPath(new URL('../../../ops/config/demo-org.yaml', import.meta.url))

/** A valid base document; each case edits one thing. */
function base(): Record<string, unknown> {
  return {
    org: 'demo',
    name: 'Demo organisation',
    sites: [{ id: 'hq' }, { id: 'lab', name: 'Lab' }],
    radiusClients: [
      { name: 'loopback', cidr: '127.0.0.0/8', secret: 'testing123', site: 'hq' },
      { name: 'v6', cidr: '2001:db8::/32', secret: 's3cr3t-v6', vendor: 'cisco' },
    ],
    labels: [
      { name: 'iot', type: 'client-label', values: ['iot'] },
      { name: 'printers', type: 'client-list', values: ['11-22-AA*', '1122AA33BB44'] },
      { name: 'vlan-100', type: 'vlan', vlan: '100', allowEndpointOverride: true },
      { name: 'corp', type: 'vlan', vlan: 'employee-vlan' },
      { name: 'staff', type: 'role', role: 'employee' },
    ],
    rules: [
      { name: 'IoT by MAB', match: ['MAB', 'iot'], action: 'allow', assign: ['vlan-100'] },
      { name: 'printers', match: ['printers', 'Wired'], action: 'allow', assign: ['corp', 'staff'] },
      { name: 'rest', match: [], action: 'block' },
    ],
    endpoints: [{ mac: '02:00:00:00:00:01', name: 'demo-sensor', role: 'demo-iot', vlan: '100', labels: ['iot'] }],
  }
}

type Doc = Record<string, unknown> & { [k: string]: any } // eslint-disable-line @typescript-eslint/no-explicit-any

const cases: Array<[string, (d: Doc) => void, string, keyof typeof ConfigRule]> = [
  ['org id not a token', (d) => { d.org = 'demo org' }, 'org', 'token'],
  ['org missing', (d) => { delete d.org }, '', 'required'],
  ['unknown top-level key', (d) => { d.lables = [] }, 'lables', 'unknown-key'],
  ['site id not a token', (d) => { d.sites[1].id = 'lab.1' }, 'sites[1].id', 'token'],
  ['site twice', (d) => { d.sites[1].id = 'hq' }, 'sites[1].id', 'site-unique'],
  ['unknown site key', (d) => { d.sites[0].nmae = 'x' }, 'sites[0].nmae', 'unknown-key'],
  ['sites not a list', (d) => { d.sites = 'hq' }, 'sites', 'type'],
  ['label name too long', (d) => { d.labels[0].name = 'x'.repeat(33); d.rules[0].match = ['MAB'] }, 'labels[0].name', 'label-name'],
  ['label name twice', (d) => { d.labels[1].name = 'iot'; d.rules[1].match = ['Wired'] }, 'labels[1].name', 'label-unique'],
  ['label name is a token', (d) => { d.labels[0].name = 'MAB'; d.rules[0].match = ['MAB'] }, 'labels[0].name', 'label-reserved'],
  ['label type unknown', (d) => { d.labels[0].type = 'client-lable'; d.rules[0].match = ['MAB'] }, 'labels[0].type', 'label-type'],
  ['client-list value bad', (d) => { d.labels[1].values[1] = '11-22-ZZ-33-BB-44' }, 'labels[1].values[1]', 'mac-pattern'],
  ['client-list wildcard in middle', (d) => { d.labels[1].values[0] = '11*22' }, 'labels[1].values[0]', 'mac-pattern'],
  ['vlan out of range', (d) => { d.labels[2].vlan = '4095' }, 'labels[2].vlan', 'vlan'],
  ['vlan zero', (d) => { d.labels[2].vlan = 0 }, 'labels[2].vlan', 'vlan'],
  ['vlan name with space', (d) => { d.labels[3].vlan = 'employee vlan' }, 'labels[3].vlan', 'vlan'],
  ['vlan missing', (d) => { delete d.labels[3].vlan }, 'labels[3]', 'required'],
  ['key of another label type', (d) => { d.labels[2].values = ['x'] }, 'labels[2].values', 'unknown-key'],
  ['allowEndpointOverride not boolean', (d) => { d.labels[2].allowEndpointOverride = 'yes' }, 'labels[2].allowEndpointOverride', 'type'],
  ['role empty', (d) => { d.labels[4].role = '' }, 'labels[4].role', 'non-empty'],
  ['match unknown label', (d) => { d.rules[0].match[1] = 'iott' }, 'rules[0].match[1]', 'label-exists'],
  ['match on a vlan label', (d) => { d.rules[0].match[1] = 'vlan-100' }, 'rules[0].match[1]', 'label-matchable'],
  ['assign unknown label', (d) => { d.rules[1].assign[1] = 'stafff' }, 'rules[1].assign[1]', 'label-exists'],
  ['assign a client label', (d) => { d.rules[1].assign[0] = 'iot' }, 'rules[1].assign[0]', 'label-assignable'],
  ['action unknown', (d) => { d.rules[2].action = 'deny' }, 'rules[2].action', 'action'],
  ['action missing', (d) => { delete d.rules[2].action }, 'rules[2]', 'required'],
  ['block rule assigns', (d) => { d.rules[2].assign = ['corp'] }, 'rules[2].assign', 'assign-allow-only'],
  ['match not a list', (d) => { d.rules[0].match = 'MAB' }, 'rules[0].match', 'type'],
  ['unknown rule key', (d) => { d.rules[0].asign = [] }, 'rules[0].asign', 'unknown-key'],
  ['cidr not an address', (d) => { d.radiusClients[0].cidr = '127.0.0/8' }, 'radiusClients[0].cidr', 'cidr'],
  ['cidr prefix too long', (d) => { d.radiusClients[0].cidr = '127.0.0.0/33' }, 'radiusClients[0].cidr', 'cidr'],
  ['cidr host bits', (d) => { d.radiusClients[0].cidr = '127.0.0.1/8' }, 'radiusClients[0].cidr', 'cidr'],
  ['cidr v6 host bits', (d) => { d.radiusClients[1].cidr = '2001:db8::1/32' }, 'radiusClients[1].cidr', 'cidr'],
  ['cidr twice', (d) => { d.radiusClients[1].cidr = '127.0.0.0/8' }, 'radiusClients[1].cidr', 'cidr-unique'],
  ['cidr twice, v6 spellings', (d) => { d.radiusClients[0].cidr = '2001:0db8:0::/32' }, 'radiusClients[1].cidr', 'cidr-unique'],
  ['secret empty', (d) => { d.radiusClients[0].secret = '' }, 'radiusClients[0].secret', 'secret'],
  ['secret a number', (d) => { d.radiusClients[0].secret = 123456 }, 'radiusClients[0].secret', 'secret'],
  ['secret missing', (d) => { delete d.radiusClients[0].secret }, 'radiusClients[0]', 'required'],
  ['client site unknown', (d) => { d.radiusClients[0].site = 'hqq' }, 'radiusClients[0].site', 'site-exists'],
  ['unknown client key', (d) => { d.radiusClients[0].secrets = 'x' }, 'radiusClients[0].secrets', 'unknown-key'],
  ['endpoint mac bad', (d) => { d.endpoints[0].mac = '02:00:00:00:00' }, 'endpoints[0].mac', 'mac'],
  ['endpoint mac a number', (d) => { d.endpoints[0].mac = 20000000001 }, 'endpoints[0].mac', 'type'],
  ['endpoint vlan bad', (d) => { d.endpoints[0].vlan = '5000' }, 'endpoints[0].vlan', 'vlan'],
  ['endpoint labels not strings', (d) => { d.endpoints[0].labels = ['iot', 3] }, 'endpoints[0].labels[1]', 'type'],
  ['endpoint twice', (d) => { d.endpoints.push({ mac: '0200.0000.0001' }) }, 'endpoints[1].mac', 'endpoint-unique'],
  ['endpoint unknown key', (d) => { d.endpoints[0].vlna = '1' }, 'endpoints[0].vlna', 'unknown-key'],
]

describe('validateOrgConfig', () => {
  it('accepts the base document and canonicalises MACs', () => {
    const r = validateOrgConfig(base(), 'demo.yaml')
    if (!r.ok) throw new Error(r.errors.map(formatConfigError).join('\n'))
    expect(r.org.v).toBe(1)
    expect(r.org.deviceCa).toBe('')
    expect(r.org.labels[1]).toEqual({ name: 'printers', type: 'client-list', values: ['1122aa*', '1122aa33bb44'] })
    expect(r.org.labels[3]).toEqual({ name: 'corp', type: 'vlan', vlan: 'employee-vlan', allowEndpointOverride: false })
    expect(r.endpoints[0]?.mac).toBe('020000000001')
    expect(r.org.radiusClients[1]).toEqual({ name: 'v6', cidr: '2001:db8::/32', secret: 's3cr3t-v6', site: undefined, vendor: 'cisco' })
    expect(r.org.rules[2]).toEqual({ name: 'rest', match: [], action: 'block', assign: [] })
  })

  it.each(cases)('%s', (_name, edit, path, rule) => {
    const doc = base() as Doc
    edit(doc)
    const r = validateOrgConfig(doc, 'demo.yaml')
    expect(r.ok).toBe(false)
    const errors = r.ok ? [] : r.errors
    expect(errors).toContainEqual(expect.objectContaining({ file: 'demo.yaml', path, rule }))
    // One broken rule per case: nothing else is reported.
    expect(errors.map((e) => `${e.path} ${e.rule}`)).toEqual([`${path} ${rule}`])
    for (const e of errors) {
      const text = formatConfigError(e)
      expect(text).not.toContain('testing123')
      expect(text).not.toContain('s3cr3t-v6')
    }
  })

  it('every rule id is documented in the catalogue and every catalogue entry says what it checks', () => {
    for (const [, , , rule] of cases) expect(ConfigRule[rule]).toBeTruthy()
    for (const text of Object.values(ConfigRule)) expect(text.length).toBeGreaterThan(10)
  })

  it('accepts VLAN IDs at the edges, names, site variables and integer VLANs', () => {
    for (const vlan of ['1', '4094', 'employee-vlan', '{{vlan0}}', 750]) {
      const d = base() as Doc
      d.labels[2].vlan = vlan
      expect(validateOrgConfig(d, 'demo.yaml').ok).toBe(true)
    }
  })

  it('a secret in a misplaced or wrong-typed field is not echoed', () => {
    const d = base() as Doc
    d.radiusClients[0].secret = ['hunter2-secret']
    const r = validateOrgConfig(d, 'x.yaml')
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors.map(formatConfigError).join('\n')).not.toContain('hunter2')
  })

  it.each([[['a list']], ['text'], [null]])('refuses a document that is not a mapping: %j', (doc) => {
    const r = validateOrgConfig(doc, 'demo.yaml')
    expect(r.ok ? [] : r.errors).toEqual([expect.objectContaining({ file: 'demo.yaml', path: '', rule: 'type' })])
  })

  it('reports several problems in one pass', () => {
    const d = base() as Doc
    d.org = 'bad org'
    d.rules[0].match[1] = 'iott'
    d.endpoints[0].mac = 'nope'
    const r = validateOrgConfig(d, 'demo.yaml')
    expect(r.ok ? [] : r.errors.map((e) => e.rule)).toEqual(['token', 'label-exists', 'mac'])
  })
})

describe('formatConfigError', () => {
  it('names file, path, message and rule, with the line when known', () => {
    const e: ConfigError = { file: 'demo.yaml', path: 'rules[0].match[1]', rule: 'label-exists', message: 'unknown label "iott"' }
    expect(formatConfigError(e)).toBe('demo.yaml: rules[0].match[1]: unknown label "iott" (rule label-exists)')
    expect(formatConfigError({ ...e, line: 12 })).toBe('demo.yaml:12: rules[0].match[1]: unknown label "iott" (rule label-exists)')
    expect(formatConfigError({ file: 'a.yaml', path: '', rule: 'yaml-syntax', message: 'bad indentation', line: 3 }))
      .toBe('a.yaml:3: bad indentation (rule yaml-syntax)')
  })
})

describe('loadOrgConfigFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nac-config-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const write = (name: string, text: string): string => {
    const p = join(dir, name)
    writeFileSync(p, text)
    return p
  }

  it('the demo org file validates', () => {
    const r = loadOrgConfigFile(demoPath)
    if (!r.ok) throw new Error(r.errors.map(formatConfigError).join('\n'))
    expect(r.org.org).toBe('demo')
    expect(r.org.deviceCa).toBe('')
    expect(r.org.sites).toEqual([{ id: 'hq', name: undefined }])
    expect(r.org.radiusClients).toEqual([{ name: 'loopback', cidr: '127.0.0.0/8', secret: 'testing123', site: 'hq', vendor: undefined }])
    expect(r.org.rules).toEqual([
      { name: 'IoT by MAB', match: ['MAB', 'iot'], action: 'allow', assign: ['vlan-100'] },
      { name: '802.1X by EAP-TLS', match: ['EAP-TLS'], action: 'allow', assign: ['vlan-200'] },
      { name: '802.1X by EAP-TTLS', match: ['EAP-TTLS'], action: 'allow', assign: ['vlan-200'] },
      { name: '802.1X by PEAP-TLS', match: ['PEAP-TLS'], action: 'allow', assign: ['vlan-200'] },
      { name: '802.1X by TEAP', match: ['TEAP'], action: 'allow', assign: ['vlan-200'] },
    ])
    expect(r.org.localUsers?.map((u) => u.name)).toEqual(['alice'])
    expect(r.endpoints).toEqual([
      { mac: '020000000001', name: 'demo-sensor', role: 'demo-iot', vlan: '100', labels: ['iot'], description: undefined },
    ])
  })

  it('gives the line of the offending node', () => {
    const text = parseDocument(readFileSync(demoPath, 'utf8')).toString().replace('match: [ MAB, iot ]', 'match: [ MAB, iott ]')
    const p = write('typo.yaml', text)
    const r = loadOrgConfigFile(p)
    expect(r.ok).toBe(false)
    if (r.ok) return
    const line = text.split('\n').findIndex((l) => l.includes('iott')) + 1
    expect(r.errors).toEqual([{ file: p, path: 'rules[0].match[1]', rule: 'label-exists', message: 'unknown label "iott"', line }])
    expect(formatConfigError(r.errors[0]!)).toBe(`${p}:${line}: rules[0].match[1]: unknown label "iott" (rule label-exists)`)
  })

  it('an unknown key is reported at its own line', () => {
    const r = parseOrgConfig('org: demo\nsites:\n  - id: hq\n    nam: HQ\n', 'x.yaml')
    expect(r.ok ? [] : r.errors).toEqual([
      { file: 'x.yaml', path: 'sites[0].nam', rule: 'unknown-key', message: 'unknown key "nam" (did you mean "name"?)', line: 4 },
    ])
  })

  it('a YAML syntax error names the line but never quotes the source', () => {
    const r = parseOrgConfig('org: demo\nradiusClients:\n  - name: a\n    secret: "topsecret\\q"\n', 'x.yaml')
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors[0]).toMatchObject({ rule: 'yaml-syntax', line: 4 })
    expect(r.errors.map(formatConfigError).join('\n')).not.toContain('topsecret')
  })

  it('duplicate keys are errors', () => {
    const r = parseOrgConfig('org: demo\norg: other\n', 'x.yaml')
    expect(r.ok ? [] : r.errors).toEqual([expect.objectContaining({ rule: 'yaml-syntax', line: 2, message: 'duplicate key in a mapping' })])
  })

  it('an unquoted all-digit MAC is refused with a hint to quote it', () => {
    const r = parseOrgConfig('org: demo\nendpoints:\n  - mac: 020000000001\n', 'x.yaml')
    expect(r.ok ? [] : r.errors).toEqual([
      { file: 'x.yaml', path: 'endpoints[0].mac', rule: 'type', message: 'expected a string, got a number (quote it)', line: 3 },
    ])
  })

  it('reads deviceCa relative to the file, and refuses a missing or non-CA PEM', () => {
    const caPair = createCa({ commonName: 'test CA', validDays: 1 })
    const ca = caPair.certPem
    writeFileSync(join(dir, 'ca.pem'), ca)
    const good = loadOrgConfigFile(write('with-ca.yaml', 'org: demo\ndeviceCa: ca.pem\n'))
    expect(good.ok && good.org.deviceCa).toBe(ca)
    const missing = loadOrgConfigFile(write('no-ca.yaml', 'org: demo\ndeviceCa: nope.pem\n'))
    expect(missing.ok ? [] : missing.errors).toEqual([expect.objectContaining({ path: 'deviceCa', rule: 'device-ca', line: 2 })])
    writeFileSync(join(dir, 'junk.pem'), 'junk')
    const junk = loadOrgConfigFile(write('junk-ca.yaml', 'org: demo\ndeviceCa: junk.pem\n'))
    expect(junk.ok ? [] : junk.errors).toEqual([expect.objectContaining({ rule: 'device-ca' })])
    const leaf = issueCertificate({ caCertPem: ca, caKeyPem: caPair.keyPem, subject: { CN: 'leaf' }, sans: {}, usage: 'client', validDays: 1 })
    writeFileSync(join(dir, 'leaf.pem'), leaf.certPem)
    const notCa = loadOrgConfigFile(write('leaf-ca.yaml', 'org: demo\ndeviceCa: leaf.pem\n'))
    expect(notCa.ok ? [] : notCa.errors).toEqual([expect.objectContaining({ rule: 'device-ca', message: '"leaf.pem" is not a CA certificate' })])
  })

  it('a missing file is a file-read error', () => {
    const r = loadOrgConfigFile(join(dir, 'absent.yaml'))
    expect(r.ok ? [] : r.errors).toEqual([expect.objectContaining({ rule: 'file-read', path: '' })])
  })
})

describe('loadOrgConfigDir', () => {
  it('loads every org file and refuses an org defined twice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nac-config-dir-'))
    try {
      writeFileSync(join(dir, 'a.yaml'), 'org: a\n')
      writeFileSync(join(dir, 'b.yml'), 'org: b\n')
      writeFileSync(join(dir, 'notes.txt'), 'ignored')
      const ok = loadOrgConfigDir(dir)
      expect(ok.ok && ok.orgs.map((o) => o.org.org)).toEqual(['a', 'b'])
      writeFileSync(join(dir, 'c.yaml'), 'org: a\n')
      const dup = loadOrgConfigDir(dir)
      expect(dup.ok ? [] : dup.errors).toEqual([expect.objectContaining({ file: join(dir, 'c.yaml'), path: 'org', rule: 'org-unique' })])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
