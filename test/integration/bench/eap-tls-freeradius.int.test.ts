// The harness's EAP-TLS supplicants against FreeRADIUS 3.2 (bench/peers, eap module with an
// openssl ECDSA PKI): TLS 1.2 and 1.3 success counts agree with eapol_test's over the same number
// of sessions, every MS-MPPE key check passes (a mismatch would count as an error), and a client
// certificate from a CA FreeRADIUS does not trust gives rejects, counted as rejects, as eapol_test
// sees them too.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeEapPki, opensslEcCa, opensslEcLeaf, type EapPkiFiles } from '../../../bench/peers/freeradius/eap-pki.js'
import { startFreeradius, type FreeradiusPeer } from '../../../bench/peers/freeradius/freeradius-peer.js'
import { makeOpensslPki } from '../../../bench/peers/openssl-pki.js'
import { eapolTlsConf } from '../../../ops/demo/eapol-conf.js'
import { eapolTest } from '../../interop/eap/eapol-test.js'
import { requirePeer } from '../../support/peers.js'
import { runBenchCli } from './bench-cli.js'

const SESSIONS = 8

describe('bench EAP-TLS against FreeRADIUS, beside eapol_test', () => {
  let dir: string
  let eap: EapPkiFiles
  let fr: FreeradiusPeer

  beforeAll(async () => {
    requirePeer('freeradius', 'freeradius (bench/peers/install.sh)')
    requirePeer('eapol_test', 'eapoltest')
    dir = mkdtempSync(join(tmpdir(), 'bench-eap-fr-'))
    eap = makeEapPki(dir)
    const pki = makeOpensslPki(dir)
    fr = await startFreeradius({
      udpSecret: 'testing123', knownMacs: [], tls: { certFile: pki.serverCertFile, keyFile: pki.serverKeyFile, clientCaFile: pki.caFile },
      eap: { certFile: eap.serverCert, keyFile: eap.serverKey, clientCaFile: eap.clientCa },
    })
  })

  afterAll(async () => {
    await fr?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  const harness = (scenario: string, cert: string, key: string, out: string) => runBenchCli(['run', '--target', `udp://127.0.0.1:${fr.udpPort}`,
    '--secret', 'testing123', '--scenario', scenario, '--eap-cert', cert, '--eap-key', key, '--eap-ca', eap.serverCa,
    '--count', String(SESSIONS), '--concurrency', '4', '--nas', '2', '--warmup', '0', '--no-progress'], join(dir, out))

  const eapolCount = async (tls: '1.2' | '1.3', cert: string, key: string): Promise<{ success: number; reject: number; mppeOk: number }> => {
    const conf = join(dir, `eapol-${tls}-${cert.length}.conf`)
    writeFileSync(conf, eapolTlsConf({ tls, identity: eap.identity, caCert: eap.serverCa, clientCert: cert, privateKey: key, serverName: eap.serverName }))
    const runs = await Promise.all(Array.from({ length: SESSIONS }, (_, i) => eapolTest(conf, fr.udpPort, ['-M', `02:00:00:00:0${tls === '1.2' ? 2 : 3}:${(16 + i).toString(16)}`])))
    return { success: runs.filter((r) => r.success).length, reject: runs.filter((r) => r.reject).length, mppeOk: runs.filter((r) => r.mppeOk).length }
  }

  for (const tls of ['1.2', '1.3'] as const) {
    it(`EAP-TLS ${tls}: harness and eapol_test count the same successes; MPPE keys check out`, async () => {
      const run = await harness(`eap-tls${tls.replace('.', '')}`, eap.clientCert, eap.clientKey, `out-${tls}`)
      expect(run.code, run.stderr).toBe(0)
      const t = run.result().targets[0]
      if (t === undefined) throw new Error('no target in results')
      const e = await eapolCount(tls, eap.clientCert, eap.clientKey)
      expect(e.success).toBe(SESSIONS)
      expect(e.mppeOk).toBe(SESSIONS)
      expect(t.counts.success).toBe(e.success)
      // A MS-MPPE key that differs from the supplicant's MSK is an error: none.
      expect(t.counts.error + t.counts.timeout + t.counts.reject).toBe(0)
      expect(t.unexpected).toBe(0)
      expect(run.stdout).toMatch(new RegExp(`round trips per eap-tls${tls.replace('.', '')} \\(udp://[^)]+\\)\\s+4`))
    })
  }

  it('a client certificate from a CA FreeRADIUS does not trust: rejects, counted as rejects (and eapol_test agrees)', async () => {
    opensslEcCa(dir, 'foreign-ca', '/O=demo/CN=demo client CA')
    opensslEcLeaf(dir, 'foreign-ca', 'foreign', `/O=demo/CN=${eap.identity}`, 'clientAuth', eap.identity)
    const cert = join(dir, 'foreign.pem')
    const key = join(dir, 'foreign-key.pem')
    const run = await harness('eap-tls13', cert, key, 'out-foreign')
    expect(run.code, run.stderr).toBe(0)
    const t = run.result().targets[0]
    if (t === undefined) throw new Error('no target in results')
    expect(t.counts.reject).toBe(SESSIONS)
    expect(t.counts.success + t.counts.error + t.counts.timeout).toBe(0)
    const e = await eapolCount('1.3', cert, key)
    expect(e.success).toBe(0)
    expect(e.reject).toBe(SESSIONS)
  })
})
