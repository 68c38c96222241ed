// TEAP (RFC 7170) with machine and user certificates, both by inner EAP-TLS (issue 4 scope 6,
// requirements §1.4), with the real peer: an eapol_test built with CONFIG_EAP_TEAP from Debian's
// wpa source package (test/support/teap-peer; Debian's eapoltest lacks TEAP) against the embedded
// default (`nac run`) over RADIUS/UDP and through radsecproxy over RadSec. Success carries
// eapol_test's MPPE key check and EAP-Key-Name check, VLAN 200 from the demo rule, and one Machine
// and one User Certificate Validation Success event. A bad machine certificate (expired) or a bad
// user certificate (another CA) ends in Access-Reject with its counted reason and the per-identity
// event. A rule whose labels read the machine's SAN DNS and the user's CN proves the policy sees
// both certificates.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call } from '../../integration/api/api-fixture.js'
import { startEmbedded } from '../../support/embedded.js'
import { readEvents } from '../../support/nac-events.js'
import { CLIENT_EXT, opensslCa, opensslLeaf } from '../../support/openssl-pki.js'
import { requirePeer, startRadsecproxy, type Radsecproxy } from '../../support/peers.js'
import { readCounters, type ServiceProcess } from '../../support/service-process.js'
import { eapolTestTeapPath } from '../../support/teap-peer/eapol-test-teap.js'
import { asn1Time, clientExt, openssl } from '../../unit/cert-validation/openssl-ca.js'
import { eapolTest, type EapolResult } from '../eap/eapol-test.js'

const macHex = (mac: string): string => mac.replace(/:/g, '').toLowerCase()

describe('TEAP with machine and user EAP-TLS, eapol_test built with TEAP', () => {
  let bin: string
  let dataDir: string
  let demo: string
  let work: string
  let svc: ServiceProcess
  let rp: Radsecproxy
  let auth: number
  let rpPort: number
  let natsUrl: string
  let api: { api: { url: string }; caPem: string }
  let token: string
  const roundTrips: Array<{ case: string; roundTrips: number }> = []

  const teap = (r: EapolResult, name: string): EapolResult => {
    roundTrips.push({ case: name, roundTrips: r.challenges + 1 })
    return r
  }

  /** The demo eapol-teap.conf with the machine or user certificate replaced. */
  const variant = (name: string, who: 'machine' | 'user', pair: { cert: string; key: string }): string => {
    let conf = readFileSync(join(demo, 'eapol-teap.conf'), 'utf8')
    conf = who === 'machine'
      ? conf.replace(/machine_client_cert="[^"]*"/, `machine_client_cert="${pair.cert}"`).replace(/machine_private_key="[^"]*"/, `machine_private_key="${pair.key}"`)
      : conf.replace(/client_cert2="[^"]*"/, `client_cert2="${pair.cert}"`).replace(/private_key2="[^"]*"/, `private_key2="${pair.key}"`)
    const path = join(work, `${name}.conf`)
    writeFileSync(path, conf)
    return path
  }

  beforeAll(async () => {
    requirePeer('radsecproxy', 'radsecproxy')
    // Builds on first use (about a minute on 2 cores); .ci/run builds it before the tests.
    bin = await eapolTestTeapPath()
    dataDir = mkdtempSync(join(tmpdir(), 'nac-teap-'))
    work = mkdtempSync(join(tmpdir(), 'nac-teap-work-'))
    demo = join(dataDir, 'demo')
    const started = await startEmbedded(dataDir)
    svc = started.svc
    auth = started.ports.auth
    rpPort = started.ports.radsecproxy
    natsUrl = `nats://127.0.0.1:${started.ports.nats}`
    api = { api: { url: `https://127.0.0.1:${started.ports.api}` }, caPem: readFileSync(join(demo, 'api-ca.pem'), 'utf8') }
    token = readFileSync(join(demo, 'admin-token'), 'utf8').trim()
    rp = await startRadsecproxy(join(demo, 'radsecproxy.conf'), /tlsconnect: TLS connection to .* up|Radsecproxy .* starting|started/i)
  }, 600_000)

  afterAll(async () => {
    console.log(`TEAP RADIUS round trips (Access-Challenges + the final reply):\n${JSON.stringify(roundTrips, null, 1)}`)
    await rp?.stop()
    await svc?.stop()
    for (const d of [dataDir, work]) if (d !== undefined) rmSync(d, { recursive: true, force: true })
  })

  it('the peer is the TEAP build, and the demo wrote eapol-teap.conf with both identities', () => {
    const conf = readFileSync(join(demo, 'eapol-teap.conf'), 'utf8')
    expect(conf).toMatch(/eap=TEAP/)
    expect(conf).toMatch(/machine_phase2="auth=TLS"/)
    expect(conf).toMatch(/user\.pem/)
  })

  it('UDP: machine then user succeed: Access-Accept, VLAN 200, MPPE keys and EAP-Key-Name match; one Machine and one User success event', async () => {
    const mac = '02:00:00:00:07:01'
    const r = teap(await eapolTest(join(demo, 'eapol-teap.conf'), auth, ['-M', mac], bin), 'TEAP UDP')
    expect(r.success, r.out.slice(-4000)).toBe(true)
    expect(r.mppeOk).toBe(true)
    expect(r.keyNameOk).toBe(true)
    expect(r.vlan).toBe('200')
    // The peer did both inner methods, machine first (RFC 7170 Identity-Type 2 then 1).
    const types = [...r.out.matchAll(/EAP-TEAP: Identity-Type: (\d)/g)].map((m) => m[1])
    expect(types).toEqual(['2', '1'])
    const events = await readEvents(natsUrl, 'demo', (es) => es.some((e) => e.mac === macHex(mac) && e.type === 'NAC Client Access Allowed'), 10_000)
    const mine = events.filter((e) => e.mac === macHex(mac))
    expect(mine.filter((e) => e.type === 'NAC Machine Certificate Validation Success')).toHaveLength(1)
    expect(mine.filter((e) => e.type === 'NAC User Certificate Validation Success')).toHaveLength(1)
    expect(mine.find((e) => e.type === 'NAC Machine Certificate Validation Success')?.cert).toMatchObject({ cn: 'demo-device-1' })
    expect(mine.find((e) => e.type === 'NAC User Certificate Validation Success')?.cert).toMatchObject({ cn: 'alice' })
    expect(mine.find((e) => e.type === 'NAC Client Access Allowed')).toMatchObject({ authType: 'TEAP', vlan: '200' })
  })

  it('RadSec through radsecproxy: TEAP succeeds with the MPPE key check', async () => {
    const r = teap(await eapolTest(join(demo, 'eapol-teap.conf'), rpPort, ['-M', '02:00:00:00:07:02'], bin), 'TEAP RadSec')
    expect(r.success, r.out.slice(-4000)).toBe(true)
    expect(r.mppeOk).toBe(true)
    expect(r.vlan).toBe('200')
  })

  it('UDP: Framed-MTU 500 keeps every EAP request within 500 octets', async () => {
    const r = teap(await eapolTest(join(demo, 'eapol-teap.conf'), auth, ['-M', '02:00:00:00:07:03', '-N', '12:d:500'], bin), 'TEAP UDP MTU 500')
    expect(r.success, r.out.slice(-4000)).toBe(true)
    expect(r.mppeOk).toBe(true)
    expect(r.maxEapRequest).toBeLessThanOrEqual(500)
  })

  it('an expired machine certificate: Access-Reject, eap.reject.teap_machine_cert_expired, NAC Machine Certificate Expired, no user method', async () => {
    const ca = mkdtempSync(join(work, 'ca-'))
    writeFileSync(join(ca, 'index.txt'), '')
    writeFileSync(join(ca, 'serial'), '7000\n')
    writeFileSync(join(ca, 'ca.cnf'), [
      '[ca]', 'default_ca = demo', '[demo]', `dir = ${ca}`, 'database = $dir/index.txt', 'new_certs_dir = $dir', 'serial = $dir/serial',
      `certificate = ${join(demo, 'client-ca.pem')}`, `private_key = ${join(demo, 'client-ca-key.pem')}`, 'default_md = sha256',
      'policy = any', 'unique_subject = no', 'copy_extensions = none', 'default_days = 30',
      '[any]', 'organizationName = optional', 'commonName = supplied', '',
    ].join('\n'))
    openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/O=demo/CN=old-pc', '-keyout', 'old-key.pem', '-out', 'old.csr'], ca)
    writeFileSync(join(ca, 'old.ext'), `[ext]\n${clientExt({ san: 'DNS:old-pc' })}`)
    const day = 86_400_000
    openssl(['ca', '-config', 'ca.cnf', '-batch', '-notext', '-in', 'old.csr', '-out', 'old.pem', '-extfile', 'old.ext', '-extensions', 'ext',
      '-startdate', asn1Time(new Date(Date.now() - 3 * day)), '-enddate', asn1Time(new Date(Date.now() - day))], ca)
    const mac = '02:00:00:00:07:10'
    const before = await readCounters(svc)
    const r = teap(await eapolTest(variant('machine-expired', 'machine', { cert: join(ca, 'old.pem'), key: join(ca, 'old-key.pem') }), auth, ['-M', mac], bin), 'TEAP machine expired')
    expect(r.success).toBe(false)
    expect(r.reject, r.out.slice(-4000)).toBe(true)
    expect(r.accept).toBe(false)
    const after = await readCounters(svc)
    expect((after['eap.reject.teap_machine_cert_expired'] ?? 0) - (before['eap.reject.teap_machine_cert_expired'] ?? 0)).toBe(1)
    // The user's inner method never started.
    expect([...r.out.matchAll(/EAP-TEAP: Identity-Type: (\d)/g)].map((m) => m[1])).toEqual(['2'])
    const events = await readEvents(natsUrl, 'demo', (es) => es.some((e) => e.mac === macHex(mac) && e.type === 'NAC Client Access Denied'), 10_000)
    const mine = events.filter((e) => e.mac === macHex(mac))
    expect(mine.find((e) => e.type === 'NAC Machine Certificate Expired')).toMatchObject({ polarity: 'negative', reason: 'EXPIRED' })
    expect(mine.some((e) => e.type.startsWith('NAC User Certificate'))).toBe(false)
    expect(mine.find((e) => e.type === 'NAC Client Access Denied')).toMatchObject({ reason: 'teap_machine_cert_expired' })
  })

  it('a user certificate from an unknown CA: Access-Reject after the machine succeeded, NAC User Certificate Validation Failure', async () => {
    const other = mkdtempSync(join(work, 'other-'))
    const otherCa = opensslCa(other, 'other-ca', '/CN=Not the demo client CA')
    const stranger = opensslLeaf(other, otherCa, 'stranger', '/CN=alice', `${CLIENT_EXT}subjectAltName=email:alice@demo.example\n`)
    const mac = '02:00:00:00:07:20'
    const before = await readCounters(svc)
    const r = teap(await eapolTest(variant('user-unknown-ca', 'user', stranger), auth, ['-M', mac], bin), 'TEAP user unknown CA')
    expect(r.success).toBe(false)
    expect(r.reject, r.out.slice(-4000)).toBe(true)
    const after = await readCounters(svc)
    expect((after['eap.reject.teap_user_cert_unknown_ca'] ?? 0) - (before['eap.reject.teap_user_cert_unknown_ca'] ?? 0)).toBe(1)
    const events = await readEvents(natsUrl, 'demo', (es) => es.some((e) => e.mac === macHex(mac) && e.type === 'NAC Client Access Denied'), 10_000)
    const mine = events.filter((e) => e.mac === macHex(mac))
    expect(mine.find((e) => e.type === 'NAC Machine Certificate Validation Success')).toBeDefined()
    expect(mine.find((e) => e.type === 'NAC User Certificate Validation Failure')).toMatchObject({ polarity: 'negative', reason: 'UNKNOWN_CA' })
  })

  it('the policy sees both certificates: a rule on the machine\'s SAN DNS and the user\'s CN assigns VLAN 300', async () => {
    for (const body of [
      { name: 'vlan-300', type: 'vlan', vlan: '300' },
      { name: 'Machine Auth', type: 'certificate-attribute', field: 'san-dns', values: ['demo-device-1'], scope: 'machine' },
      { name: 'User alice', type: 'certificate-attribute', field: 'cn', values: ['alice'] },
      { name: 'Machine other', type: 'certificate-attribute', field: 'san-dns', values: ['other-pc'], scope: 'machine' },
    ]) {
      const r = await call(api, 'POST', '/api/v1/orgs/demo/labels', { token, body })
      expect(r.status, r.text).toBe(201)
    }
    // New rules go on top (requirements §2.7): the VLAN 400 rule needs another machine, so it must not match.
    for (const body of [
      { name: 'TEAP domain PC, alice', match: ['TEAP', 'Machine Auth', 'User alice'], action: 'allow', assign: ['vlan-300'] },
      { name: 'TEAP other PC', match: ['TEAP', 'Machine other'], action: 'block' },
    ]) {
      const r = await call(api, 'POST', '/api/v1/orgs/demo/rules', { token, body })
      expect(r.status, r.text).toBe(201)
    }
    const r = teap(await eapolTest(join(demo, 'eapol-teap.conf'), auth, ['-M', '02:00:00:00:07:30'], bin), 'TEAP policy on both certificates')
    expect(r.success, r.out.slice(-4000)).toBe(true)
    expect(r.vlan).toBe('300')
  })
})
