// `--eap-client-certs per-client` (bench/supplicant/client-certificates.ts) against real servers:
// FreeRADIUS 3.2 started by the harness (`freeradius+udp`: its own PKI, the client CA's key from
// makeEapPki) accepts every client's own certificate, and the cluster (started here, given by
// address with --eap-client-ca-cert/--eap-client-ca-key) records in its NAC events as many
// distinct certificate CNs as there are clients, each `demo-device-1-<index>` and sent as the
// User-Name. Per-client by address without the CA is refused before anything runs.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster, type ClusterPeer } from '../../../bench/peers/cluster/cluster-peer.js'
import { makeEapPki, type EapPkiFiles } from '../../../bench/peers/freeradius/eap-pki.js'
import { readEvents } from '../../support/nac-events.js'
import { requirePeer } from '../../support/peers.js'
import { onlyTarget, runBenchCli } from './bench-cli.js'

const CLIENTS = 6
const SESSIONS = 12
const perClientArgs = ['--scenario', 'eap-tls13', '--eap-client-certs', 'per-client', '--clients', String(CLIENTS), '--count', String(SESSIONS),
  '--concurrency', '3', '--nas', '2', '--warmup', '0', '--no-progress']

describe('bench per-client EAP-TLS certificates against FreeRADIUS (started by the harness)', () => {
  let dir: string

  beforeAll(() => {
    requirePeer('freeradius', 'freeradius (bench/peers/install.sh)')
    dir = mkdtempSync(join(tmpdir(), 'bench-per-client-fr-'))
  })

  afterAll(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  it(`EAP-TLS 1.3, ${CLIENTS} clients each with its own certificate: all ${SESSIONS} authentications succeed`, async () => {
    const run = await runBenchCli(['run', '--target', 'freeradius+udp', ...perClientArgs], join(dir, 'out'))
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain(`issued ${CLIENTS} client certificates`)
    const t = onlyTarget(run)
    expect(t.counts.success).toBe(SESSIONS)
    expect(t.counts.error + t.counts.timeout + t.counts.reject).toBe(0)
    expect(t.unexpected).toBe(0)
    expect(run.result().options['eapClientCerts']).toBe('per-client')
  })
})

describe('bench per-client EAP-TLS certificates against the cluster (by address)', () => {
  let dir: string
  let eap: EapPkiFiles
  let cluster: ClusterPeer

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bench-per-client-cluster-'))
    eap = makeEapPki(dir)
    cluster = await startCluster({ knownMacs: [], eapPki: { clientCaFile: eap.clientCa, serverCertFile: eap.serverCert, serverKeyFile: eap.serverKey } })
  })

  afterAll(async () => {
    await cluster?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  const byAddress = (extra: string[], out: string) => runBenchCli(['run', '--target', `udp://127.0.0.1:${cluster.authPort}`, '--secret', cluster.udpSecret,
    '--eap-ca', eap.serverCa, ...perClientArgs, ...extra], join(dir, out))

  it(`the cluster sees ${CLIENTS} distinct client certificates, each CN demo-device-1-<index> and its User-Name`, async () => {
    const run = await byAddress(['--eap-client-ca-cert', eap.ecClientCaCert, '--eap-client-ca-key', eap.ecClientCaKey], 'out')
    expect(run.code, run.stderr).toBe(0)
    const t = onlyTarget(run)
    expect(t.counts.success).toBe(SESSIONS)
    expect(t.counts.error + t.counts.timeout + t.counts.reject).toBe(0)
    expect(t.unexpected).toBe(0)
    const expected = Array.from({ length: CLIENTS }, (_, i) => `${eap.identity}-${i}`)
    const cns = (es: Awaited<ReturnType<typeof readEvents>>): Set<string> => new Set(es.flatMap((e) => (e.cert?.cn === undefined ? [] : [e.cert.cn])))
    const events = await readEvents(`nats://127.0.0.1:${cluster.natsPort}`, 'demo', (es) => cns(es).size >= CLIENTS, 10_000)
    expect([...cns(events)].sort()).toEqual([...expected].sort())
    for (const e of events) if (e.cert?.cn !== undefined) expect(e.userName).toBe(e.cert.cn)
  })

  it('per-client against a target by address without the client CA is a CLI error', async () => {
    const run = await byAddress([], 'out-no-ca')
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('--eap-client-certs per-client needs the EAP client CA: --eap-client-ca-cert <pem> and --eap-client-ca-key <pem>')
  })
})
