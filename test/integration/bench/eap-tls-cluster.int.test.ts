// The harness's EAP-TLS supplicants against this cluster (the embedded default from dist/, the
// bench org with an openssl ECDSA EAP PKI as its `pki:`): TLS 1.2 and 1.3 success counts agree
// with eapol_test's over the same number of sessions, the demo EAP-TLS rule's VLAN 200 arrives
// (no unexpected outcome) and every MS-MPPE key check passes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster, type ClusterPeer } from '../../../bench/peers/cluster/cluster-peer.js'
import { makeEapPki, type EapPkiFiles } from '../../../bench/peers/freeradius/eap-pki.js'
import { eapolTlsConf } from '../../../ops/demo/eapol-conf.js'
import { eapolTest } from '../../interop/eap/eapol-test.js'
import { requirePeer } from '../../support/peers.js'
import { runBenchCli } from './bench-cli.js'

const SESSIONS = 6

describe('bench EAP-TLS against the cluster, beside eapol_test', () => {
  let dir: string
  let eap: EapPkiFiles
  let cluster: ClusterPeer

  beforeAll(async () => {
    requirePeer('eapol_test', 'eapoltest')
    dir = mkdtempSync(join(tmpdir(), 'bench-eap-cluster-'))
    eap = makeEapPki(dir)
    cluster = await startCluster({ knownMacs: [], eapPki: { clientCaFile: eap.clientCa, serverCertFile: eap.serverCert, serverKeyFile: eap.serverKey } })
  })

  afterAll(async () => {
    await cluster?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  for (const tls of ['1.2', '1.3'] as const) {
    it(`EAP-TLS ${tls}: harness and eapol_test count the same successes; VLAN 200; MPPE keys check out`, async () => {
      const run = await runBenchCli(['run', '--target', `udp://127.0.0.1:${cluster.authPort}`, '--secret', cluster.udpSecret,
        '--scenario', `eap-tls${tls.replace('.', '')}`, '--eap-cert', eap.clientCert, '--eap-key', eap.clientKey, '--eap-ca', eap.serverCa,
        '--count', String(SESSIONS), '--concurrency', '3', '--nas', '2', '--warmup', '0', '--no-progress'], join(dir, `out-${tls}`))
      expect(run.code, run.stderr).toBe(0)
      const t = run.result().targets[0]
      if (t === undefined) throw new Error('no target in results')
      const conf = join(dir, `eapol-${tls}.conf`)
      writeFileSync(conf, eapolTlsConf({ tls, identity: eap.identity, caCert: eap.serverCa, clientCert: eap.clientCert, privateKey: eap.clientKey, serverName: eap.serverName }))
      const runs = await Promise.all(Array.from({ length: SESSIONS }, (_, i) => eapolTest(conf, cluster.authPort, ['-M', `02:00:00:00:0${tls === '1.2' ? 4 : 5}:${(16 + i).toString(16)}`])))
      expect(runs.filter((r) => r.success && r.mppeOk && r.vlan === '200').length, runs.find((r) => !r.success)?.out.slice(-2000)).toBe(SESSIONS)
      expect(t.counts.success).toBe(SESSIONS)
      expect(t.counts.error + t.counts.timeout + t.counts.reject).toBe(0)
      expect(t.unexpected).toBe(0)
    })
  }
})
