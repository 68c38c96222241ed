// The harness's EAP-TTLS/PAP, PEAP-TLS and resumed EAP-TLS supplicants against FreeRADIUS 3.2
// (bench/peers/freeradius: ttls and peap in the eap module, phase 2 in its inner-tunnel server:
// PAP against alice / wonderland, inner EAP-TLS through the inner-eap instance; the session cache
// on for resumption). Every authentication succeeds with the MS-MPPE key check, beside
// eapol_test's own on the same configuration; a wrong TTLS password is a reject; resumption as
// eapol_test -r sees it: FreeRADIUS 3.2.1 resumes every TLS 1.2 re-authentication, but a TLS 1.3
// one only every other time (its debug log: after a resumed TLS 1.3 handshake it writes the new
// ticket's session but not its cached attributes, so offering that ticket next time gives
// "Failed loading persisted VPs" and a full handshake). Last, the weighted mix with MAB, RSA
// client certificates and the short names, against a FreeRADIUS the bench starts itself.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeEapPki, type EapPkiFiles } from '../../../bench/peers/freeradius/eap-pki.js'
import { startFreeradius, type FreeradiusPeer } from '../../../bench/peers/freeradius/freeradius-peer.js'
import { makeOpensslPki } from '../../../bench/peers/openssl-pki.js'
import { eapolPeapTlsConf, eapolTtlsConf } from '../../../ops/demo/eapol-conf.js'
import { eapolTest } from '../../interop/eap/eapol-test.js'
import { requirePeer } from '../../support/peers.js'
import { onlyTarget, runBenchCli, runByAddress, type AddressRun } from './bench-cli.js'

const COUNT = 6

/** eapol_test -r `again`: whether each authentication's handshake resumed (wpa_supplicant's "resumed=1"). */
function eapolResumptions(conf: string, port: number, again: number): Promise<boolean[]> {
  return new Promise((resolve) => {
    const p = spawn('eapol_test', ['-c', conf, '-a', '127.0.0.1', '-p', String(port), '-s', 'testing123', '-t', '10', '-r', String(again)], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    p.stdout.on('data', (d: Buffer) => { out += d.toString() })
    p.stderr.on('data', (d: Buffer) => { out += d.toString() })
    // One "Handshake finished" line per handshake; TLS 1.3 prints it twice per authentication
    // (the handshake and the session ticket), so one per Access-Accept is kept: the last before it.
    p.on('close', () => {
      const marks: boolean[] = []
      for (const part of out.split(/code=2 \(Access-Accept\)/).slice(0, -1)) {
        const all = [...part.matchAll(/Handshake finished - resumed=(\d)/g)]
        marks.push(all.at(-1)?.[1] === '1')
      }
      resolve(marks)
    })
  })
}

describe('bench EAP-TTLS/PAP, PEAP-TLS and resumed EAP-TLS against FreeRADIUS, beside eapol_test', () => {
  let dir: string
  let eap: EapPkiFiles
  let fr: FreeradiusPeer

  beforeAll(async () => {
    requirePeer('freeradius', 'freeradius (bench/peers/install.sh)')
    requirePeer('eapol_test', 'eapoltest')
    dir = mkdtempSync(join(tmpdir(), 'bench-eap-methods-fr-'))
    eap = makeEapPki(dir)
    const pki = makeOpensslPki(dir)
    fr = await startFreeradius({
      udpSecret: 'testing123', knownMacs: [], tls: { certFile: pki.serverCertFile, keyFile: pki.serverKeyFile, clientCaFile: pki.caFile },
      eap: { certFile: eap.serverCert, keyFile: eap.serverKey, clientCaFile: eap.clientCa, resumption: true },
    })
  })

  afterAll(async () => {
    await fr?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  const run = (o: Omit<AddressRun, 'port' | 'secret' | 'ca'>, out: string) =>
    runByAddress({ port: fr.udpPort, secret: 'testing123', ca: eap.serverCa, ...o }, join(dir, out))

  it('ttls-pap as alice / wonderland: every authentication succeeds, VLAN 200, MPPE keys match; eapol_test agrees', async () => {
    const r = await run({ scenario: 'ttls-pap', count: COUNT }, 'ttls')
    expect(r.code, r.stderr).toBe(0)
    const t = onlyTarget(r)
    expect(t.counts, JSON.stringify(t.errorsByKind)).toMatchObject({ success: COUNT, reject: 0, timeout: 0, error: 0 })
    expect(t.unexpected).toBe(0)
    const conf = join(dir, 'eapol-ttls.conf')
    writeFileSync(conf, eapolTtlsConf({ identity: 'alice', password: 'wonderland', caCert: eap.serverCa, serverName: eap.serverName }))
    const e = await eapolTest(conf, fr.udpPort, ['-M', '02:00:00:00:07:10'])
    expect(e.success && e.mppeOk && e.vlan === '200', e.out.slice(-2000)).toBe(true)
    expect(t.roundTrips['ttls-pap']?.perAuth).toBe(e.challenges + 1)
  })

  it('ttls-pap with a wrong password: rejects, counted as rejects (no error, no timeout)', async () => {
    const r = await run({ scenario: 'ttls-pap', count: 4, extra: ['--ttls-password', 'not-wonderland'] }, 'ttls-wrong')
    expect(r.code, r.stderr).toBe(0)
    expect(onlyTarget(r).counts).toMatchObject({ success: 0, reject: 4, timeout: 0, error: 0 })
  })

  for (const key of ['ecdsa', 'rsa'] as const) {
    it(`peap-tls with the ${key} client certificate: every authentication succeeds, VLAN 200, MPPE keys match; eapol_test agrees`, async () => {
      const [cert, privateKey] = key === 'ecdsa' ? [eap.clientCert, eap.clientKey] : [eap.rsaClientCert, eap.rsaClientKey]
      const r = await run({ scenario: 'peap-tls', cert, key: privateKey, count: COUNT }, `peap-${key}`)
      expect(r.code, r.stderr).toBe(0)
      const t = onlyTarget(r)
      expect(t.counts, JSON.stringify(t.errorsByKind)).toMatchObject({ success: COUNT, reject: 0, timeout: 0, error: 0 })
      expect(t.unexpected).toBe(0)
      const conf = join(dir, `eapol-peap-${key}.conf`)
      writeFileSync(conf, eapolPeapTlsConf({ identity: eap.identity, caCert: eap.serverCa, clientCert: cert, privateKey, serverName: eap.serverName }))
      const e = await eapolTest(conf, fr.udpPort, ['-M', '02:00:00:00:07:11'])
      expect(e.success && e.mppeOk && e.vlan === '200', e.out.slice(-2000)).toBe(true)
    })
  }

  for (const tls of ['1.2', '1.3'] as const) {
    const name = `eap-tls${tls.replace('.', '')}-resumed`
    it(`${name} (2 clients taking turns, 4 authentications each): resumes as often as eapol_test -r 3 does`, async () => {
      const r = await run({ scenario: name, cert: eap.clientCert, key: eap.clientKey, count: 8, clients: 2, concurrency: 1 }, `resumed-${tls}`)
      expect(r.code, r.stderr).toBe(0)
      const t = onlyTarget(r)
      expect(t.counts, JSON.stringify(t.errorsByKind)).toMatchObject({ success: 8, reject: 0, timeout: 0, error: 0 })
      const conf = join(dir, `eapol-resume-${tls}.conf`)
      const phase1 = tls === '1.2' ? 'tls_disable_tlsv1_3=1 tls_disable_session_ticket=0' : 'tls_disable_tlsv1_0=1 tls_disable_tlsv1_1=1 tls_disable_tlsv1_2=1 tls_disable_tlsv1_3=0'
      writeFileSync(conf, `network={\n\tkey_mgmt=WPA-EAP\n\teap=TLS\n\tidentity="${eap.identity}"\n\tca_cert="${eap.serverCa}"\n\tclient_cert="${eap.clientCert}"\n\tprivate_key="${eap.clientKey}"\n\tdomain_match="${eap.serverName}"\n\tphase1="${phase1}"\n}\n`)
      const marks = await eapolResumptions(conf, fr.udpPort, 3)
      expect(marks.length).toBe(4)
      expect(marks[0]).toBe(false)
      // Per client: eapol_test's 4 authentications against the harness's 4 (2 clients).
      expect(t.roundTrips[`${name}/full`]?.auths).toBe(2)
      expect(t.roundTrips[`${name}/resumed`]?.auths ?? 0).toBe(2 * marks.filter((m) => m).length)
      expect(t.roundTrips[`${name}/not-resumed`]?.auths ?? 0).toBe(2 * marks.slice(1).filter((m) => !m).length)
      expect(t.roundTrips[`${name}/resumed`]?.auths ?? 0).toBeGreaterThan(0)
    })
  }

  it('ttls-pap against a FreeRADIUS storing alice as SHA-512 crypt: succeeds with the right password, rejects a wrong one', async () => {
    const pki = makeOpensslPki(mkdtempSync(join(dir, 'hashed-')))
    const hashed = await startFreeradius({
      udpSecret: 'testing123', knownMacs: [], tls: { certFile: pki.serverCertFile, keyFile: pki.serverKeyFile, clientCaFile: pki.caFile },
      eap: { certFile: eap.serverCert, keyFile: eap.serverKey, clientCaFile: eap.clientCa, userHash: 'sha512-crypt' },
    })
    try {
      // glibc SHA-512 crypt: "$6$" + salt + "$" + 86 characters of hash (no clear text in the file).
      expect(readFileSync(join(hashed.dir, 'inner-users'), 'utf8')).toMatch(/^alice\tCrypt-Password := "\$6\$[A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{86}"\n$/)
      const ok = await runByAddress({ port: hashed.udpPort, secret: 'testing123', ca: eap.serverCa, scenario: 'ttls-pap', count: 4 }, join(dir, 'ttls-hashed'))
      expect(ok.code, ok.stderr).toBe(0)
      expect(onlyTarget(ok).counts).toMatchObject({ success: 4, reject: 0, timeout: 0, error: 0 })
      const bad = await runByAddress({ port: hashed.udpPort, secret: 'testing123', ca: eap.serverCa, scenario: 'ttls-pap', count: 4, extra: ['--ttls-password', 'wonderland2'] }, join(dir, 'ttls-hashed-bad'))
      expect(onlyTarget(bad).counts).toMatchObject({ success: 0, reject: 4, timeout: 0, error: 0 })
    } finally {
      await hashed.stop()
    }
  })

  it('--mix mab:5,eap-tls13:3,ttls:2,peap:1 with RSA client certificates against a FreeRADIUS the bench starts: every draw as expected', async () => {
    const r = await runBenchCli(['run', '--target', 'freeradius+udp', '--mix', 'mab:5,eap-tls13:3,ttls:2,peap:1', '--eap-client-key', 'rsa',
      '--clients', '40', '--known', '1', '--count', '60', '--concurrency', '4', '--nas', '2', '--warmup', '0', '--no-progress'], join(dir, 'mix'))
    expect(r.code, r.stderr).toBe(0)
    const t = onlyTarget(r)
    expect(t.counts, JSON.stringify(t.errorsByKind)).toMatchObject({ success: 60, reject: 0, timeout: 0, error: 0 })
    expect(t.unexpected).toBe(0)
    const auths = Object.fromEntries(Object.entries(t.roundTrips).map(([k, v]) => [k, v.auths]))
    expect(Object.keys(auths).sort()).toEqual(['eap-tls13', 'mab', 'peap-tls', 'ttls-pap'])
    expect(Object.values(auths).reduce((a, b) => a + b, 0)).toBe(60)
    expect(t.roundTrips['mab']?.perAuth).toBe(1)
  })

  it('an unknown scenario, a bad weight in --mix, or teap against FreeRADIUS is refused before anything starts', async () => {
    const bad = await runBenchCli(['run', '--target', 'freeradius+udp', '--mix', 'mab:5,eap-fast:1', '--count', '1'], join(dir, 'bad'))
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/unknown scenario eap-fast/)
    expect(bad.stderr).not.toMatch(/starting FreeRADIUS/)
    // FreeRADIUS 3.2.1 has no TEAP module: teap is refused before the cluster or FreeRADIUS starts.
    const teap = await runBenchCli(['compare', '--a', 'cluster+udp', '--b', 'freeradius+udp', '--mix', 'mab:5,teap:1', '--count', '1'], join(dir, 'teap'))
    expect(teap.code).toBe(1)
    expect(teap.stderr).toMatch(/scenario teap cannot run against freeradius\+udp: FreeRADIUS 3\.2\.1 .*no TEAP module/)
    expect(teap.stderr).not.toMatch(/starting/)
    const weight = await runBenchCli(['run', '--target', 'freeradius+udp', '--mix', 'mab:0', '--count', '1'], join(dir, 'bad-weight'))
    expect(weight.code).toBe(1)
    expect(weight.stderr).toMatch(/bad weight/)
  })
})
