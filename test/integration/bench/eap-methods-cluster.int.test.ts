// The harness's EAP-TTLS/PAP, PEAP-TLS and resumed EAP-TLS supplicants against this cluster (the
// embedded default from dist/, the bench org = the demo org with an openssl EAP PKI: ECDSA server,
// ECDSA and RSA client CAs). Every authentication succeeds with the MS-MPPE key check (a mismatch
// would be an error) and the demo 802.1X rules' VLAN 200; a wrong TTLS password is a reject, not
// an error; a resumed client's later authentications all resume (the cluster resumes TLS 1.2 by
// ticket or session ID, TLS 1.3 by PSK, README "Try it"), TLS 1.2 in fewer round trips than the
// client's first (RFC 5216 §2.1.2: the server's Finished comes first).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster, type ClusterPeer } from '../../../bench/peers/cluster/cluster-peer.js'
import { makeEapPki, type EapPkiFiles } from '../../../bench/peers/freeradius/eap-pki.js'
import { eapolTtlsConf } from '../../../ops/demo/eapol-conf.js'
import { eapolTest } from '../../interop/eap/eapol-test.js'
import { requirePeer } from '../../support/peers.js'
import { onlyTarget, runByAddress, type AddressRun } from './bench-cli.js'

const COUNT = 6

describe('bench EAP-TTLS/PAP, PEAP-TLS and resumed EAP-TLS against the cluster', () => {
  let dir: string
  let eap: EapPkiFiles
  let cluster: ClusterPeer

  beforeAll(async () => {
    requirePeer('eapol_test', 'eapoltest')
    dir = mkdtempSync(join(tmpdir(), 'bench-eap-methods-cluster-'))
    eap = makeEapPki(dir)
    cluster = await startCluster({ knownMacs: [], eapPki: { clientCaFile: eap.clientCa, serverCertFile: eap.serverCert, serverKeyFile: eap.serverKey } })
  })

  afterAll(async () => {
    await cluster?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  const run = (o: Omit<AddressRun, 'port' | 'secret' | 'ca'>, out: string) =>
    runByAddress({ port: cluster.authPort, secret: cluster.udpSecret, ca: eap.serverCa, ...o }, join(dir, out))

  it('ttls-pap as alice / wonderland: every authentication succeeds, VLAN 200, MPPE keys match; eapol_test agrees', async () => {
    const r = await run({ scenario: 'ttls-pap', count: COUNT }, 'ttls')
    expect(r.code, r.stderr).toBe(0)
    const t = onlyTarget(r)
    expect(t.counts, JSON.stringify(t.errorsByKind)).toMatchObject({ success: COUNT, reject: 0, timeout: 0, error: 0 })
    expect(t.unexpected).toBe(0)
    expect(t.roundTrips['ttls-pap']?.auths).toBe(COUNT)
    const conf = join(dir, 'eapol-ttls.conf')
    writeFileSync(conf, eapolTtlsConf({ identity: 'alice', password: 'wonderland', caCert: eap.serverCa, serverName: eap.serverName }))
    const e = await eapolTest(conf, cluster.authPort, ['-M', '02:00:00:00:06:10'])
    expect(e.success && e.mppeOk && e.vlan === '200', e.out.slice(-2000)).toBe(true)
    // eapol_test's round trips: its Access-Challenges and the final reply.
    expect(t.roundTrips['ttls-pap']?.perAuth).toBe(e.challenges + 1)
  })

  it('ttls-pap with a wrong password: rejects, counted as rejects (no error, no timeout)', async () => {
    const r = await run({ scenario: 'ttls', count: 4, extra: ['--ttls-password', 'not-wonderland'] }, 'ttls-wrong')
    expect(r.code, r.stderr).toBe(0)
    expect(onlyTarget(r).counts).toMatchObject({ success: 0, reject: 4, timeout: 0, error: 0 })
  })

  for (const key of ['ecdsa', 'rsa'] as const) {
    it(`peap-tls with the ${key} client certificate: every authentication succeeds, VLAN 200, MPPE keys match`, async () => {
      const [cert, key_] = key === 'ecdsa' ? [eap.clientCert, eap.clientKey] : [eap.rsaClientCert, eap.rsaClientKey]
      const r = await run({ scenario: 'peap-tls', cert, key: key_, count: COUNT }, `peap-${key}`)
      expect(r.code, r.stderr).toBe(0)
      const t = onlyTarget(r)
      expect(t.counts, JSON.stringify(t.errorsByKind)).toMatchObject({ success: COUNT, reject: 0, timeout: 0, error: 0 })
      expect(t.unexpected).toBe(0)
    })
  }

  for (const tls of ['12', '13'] as const) {
    it(`eap-tls${tls}-resumed (2 clients taking turns, 4 authentications each): the first of each is full, the others resume`, async () => {
      const r = await run({ scenario: `eap-tls${tls}-resumed`, cert: eap.clientCert, key: eap.clientKey, count: 8, clients: 2, concurrency: 1 }, `resumed-${tls}`)
      expect(r.code, r.stderr).toBe(0)
      const t = onlyTarget(r)
      expect(t.counts, JSON.stringify(t.errorsByKind)).toMatchObject({ success: 8, reject: 0, timeout: 0, error: 0 })
      const full = t.roundTrips[`eap-tls${tls}-resumed/full`]
      const resumed = t.roundTrips[`eap-tls${tls}-resumed/resumed`]
      expect(full?.auths).toBe(2)
      expect(resumed?.auths).toBe(6)
      expect(t.roundTrips[`eap-tls${tls}-resumed/not-resumed`]).toBeUndefined()
      // TLS 1.3 resumption has the full handshake's four exchanges (RFC 9190 Figures 1 and 3) now
      // that one session ticket and the commitment share one EAP-Request (ticket-budget.ts).
      if (tls === '13') expect(resumed?.perAuth ?? Infinity).toBeLessThanOrEqual(full?.perAuth ?? 0)
      else expect(resumed?.perAuth ?? Infinity).toBeLessThan(full?.perAuth ?? 0)
      expect(r.stdout).toMatch(new RegExp(`round trips per eap-tls${tls}-resumed/resumed`))
    })
  }
})
