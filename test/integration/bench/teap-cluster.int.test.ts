// The harness's TEAP supplicant (RFC 7170, machine then user by inner EAP-TLS) against this
// cluster (the embedded default from dist/, the bench org = the demo org with an openssl EAP PKI:
// ECDSA server, client CA with the machine's client.pem and the user's user.pem), beside the real
// peer: an eapol_test built with TEAP (test/support/teap-peer) with the demo's eapol-teap.conf
// layout (ops/demo/eapol-conf.ts) on the same files. Every harness authentication succeeds with
// its MS-MPPE check against its own TEAP MSK (a mismatch is an error) and the demo TEAP rule's
// VLAN 200, in as many RADIUS round trips as eapol_test takes (its Access-Challenges + 1).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster, type ClusterPeer } from '../../../bench/peers/cluster/cluster-peer.js'
import { makeEapPki, type EapPkiFiles } from '../../../bench/peers/freeradius/eap-pki.js'
import { eapolTeapConf } from '../../../ops/demo/eapol-conf.js'
import { eapolTest } from '../../interop/eap/eapol-test.js'
import { eapolTestTeapPath } from '../../support/teap-peer/eapol-test-teap.js'
import { onlyTarget, runByAddress } from './bench-cli.js'

const COUNT = 6

describe('bench teap against the cluster, beside eapol_test built with TEAP', () => {
  let dir: string
  let eap: EapPkiFiles
  let cluster: ClusterPeer
  let bin: string

  beforeAll(async () => {
    // Built on first use (about a minute on 2 cores; cached under .data/peers); a failed build fails here.
    bin = await eapolTestTeapPath()
    dir = mkdtempSync(join(tmpdir(), 'bench-teap-cluster-'))
    eap = makeEapPki(dir)
    cluster = await startCluster({ knownMacs: [], eapPki: { clientCaFile: eap.clientCa, serverCertFile: eap.serverCert, serverKeyFile: eap.serverKey } })
  }, 600_000)

  afterAll(async () => {
    await cluster?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  /** The demo's eapol-teap.conf layout on this PKI; `fragmentSize` is wpa_supplicant's own fragment size (default 1398). */
  const eapolConf = (name: string, fragmentSize?: number): string => {
    const conf = join(dir, name)
    const text = eapolTeapConf({
      caCert: eap.serverCa, serverName: eap.serverName,
      machine: { identity: `host/${eap.identity}`, clientCert: eap.clientCert, privateKey: eap.clientKey },
      user: { identity: eap.userIdentity, clientCert: eap.userCert, privateKey: eap.userKey },
    })
    writeFileSync(conf, fragmentSize === undefined ? text : text.replace(/\n}\n$/, `\n\tfragment_size=${fragmentSize}\n}\n`))
    return conf
  }

  // At 500 both peers cut their own messages to the link too (the harness's fragments follow
  // --framed-mtu; eapol_test's follow fragment_size), so the peers' flights add round trips alike.
  for (const mtu of [1400, 500] as const) {
    it(`Framed-MTU ${mtu}: every authentication succeeds with the MPPE check and VLAN 200, in as many round trips as eapol_test`, async () => {
      const r = await runByAddress({
        port: cluster.authPort, secret: cluster.udpSecret, ca: eap.serverCa, cert: eap.clientCert, key: eap.clientKey, scenario: 'teap', count: COUNT,
        extra: ['--eap-user-cert', eap.userCert, '--eap-user-key', eap.userKey, '--eap-user-identity', eap.userIdentity, '--framed-mtu', String(mtu)],
      }, join(dir, `teap-${mtu}`))
      expect(r.code, r.stderr).toBe(0)
      const t = onlyTarget(r)
      expect(t.counts, JSON.stringify(t.errorsByKind)).toMatchObject({ success: COUNT, reject: 0, timeout: 0, error: 0 })
      expect(t.unexpected).toBe(0)
      expect(t.roundTrips['teap']?.auths).toBe(COUNT)

      const conf = eapolConf(`eapol-teap-${mtu}.conf`, mtu === 1400 ? undefined : mtu)
      const e = await eapolTest(conf, cluster.authPort, ['-M', `02:00:00:00:08:0${mtu === 1400 ? 1 : 2}`, '-N', `12:d:${mtu}`], bin)
      expect(e.success && e.mppeOk && e.vlan === '200', e.out.slice(-3000)).toBe(true)
      // The server asked for the machine, then the user (RFC 7170 Identity-Type 2, then 1).
      expect([...e.out.matchAll(/EAP-TEAP: Identity-Type: (\d)/g)].map((m) => m[1])).toEqual(['2', '1'])
      expect(t.roundTrips['teap']?.perAuth).toBe(e.challenges + 1)
    })
  }
})
