// EAP-TLS session resumption with the real peer (issue 4 acceptance): eapol_test (Debian eapoltest)
// re-authenticates (-r 1) from its TLS session cache, against nats-server + gateway + two actor
// nodes as separate processes. The second authentication resumes with fewer RADIUS round trips
// (asserted), TLS 1.2 (RFC 5077 ticket; wpa_supplicant sends the extension for EAP-TLS only with
// tls_disable_session_ticket=0), TLS 1.2 by session ID (RFC 5246 §7.4.1.2; tickets off, as
// wpa_supplicant's default for EAP-TLS and Windows: the sealed session comes from KV bucket
// `tls-sessions` on the other node) and TLS 1.3 (PSK, RFC 8446 §2.2), for an ECDSA P-256 and an
// RSA-2048 org PKI; and it still resumes when the node that served the first authentication is
// stopped in between, so the device's shard and its next conversation move to the other node.
// RADIUS round trips per case are printed for bench/README.md.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NatsConnection } from '@nats-io/transport-node'
import { connectNats } from '../../../actors/runtime/index.js'
import { applyOrg } from '../../../ops/cluster/config-store.js'
import { loadOrgConfigFile } from '../../../ops/config/load-org-config.js'
import { ensureTopology, type Topology } from '../../../ops/nats/topology.js'
import { loadOrCreateClusterKey } from '../../../ops/secrets/index.js'
import type { CertificateAndKey } from '../../../workers/tasks/certificate-types.js'
import { createCa } from '../../../workers/tasks/create-ca.js'
import { createEcCa, issueEcCertificate } from '../../../workers/tasks/ec-certificate.js'
import { issueCertificate } from '../../../workers/tasks/issue-certificate.js'
import { freeTcpPort, freeUdpPort } from '../../support/free-port.js'
import { startNatsServer, type NatsServer } from '../../support/nats-server.js'
import { opensslCa, opensslLeaf, SERVER_EXT } from '../../support/openssl-pki.js'
import { requirePeer } from '../../support/peers.js'
import { ROOT, readCounters, startService, type ServiceProcess } from '../../support/service-process.js'

type KeyType = 'ecdsa' | 'rsa'
interface Pki { serverCa: CertificateAndKey; server: CertificateAndKey; clientCa: CertificateAndKey; client: CertificateAndKey }

function pki(kind: KeyType): Pki {
  const ca = kind === 'ecdsa' ? createEcCa : createCa
  const leaf = kind === 'ecdsa' ? issueEcCertificate : issueCertificate
  const serverCa = ca({ commonName: 'demo EAP server CA', organization: 'demo', validDays: 30 })
  const clientCa = ca({ commonName: 'demo client CA', organization: 'demo', validDays: 30 })
  const server = leaf({ caCertPem: serverCa.certPem, caKeyPem: serverCa.keyPem, subject: { O: 'demo', CN: 'auth.demo.example' }, sans: { dns: ['auth.demo.example'] }, usage: 'server', validDays: 30 })
  const client = leaf({ caCertPem: clientCa.certPem, caKeyPem: clientCa.keyPem, subject: { O: 'demo', CN: 'demo-device-1' }, sans: { dns: ['demo-device-1'] }, usage: 'client', validDays: 30 })
  return { serverCa, server, clientCa, client }
}

interface Run { out: string; success: boolean; mppeOk: boolean; accepts: number; resumed: boolean; roundTrips: number[] }

/** Round trips of each authentication: replies (Access-Challenge) up to its Access-Accept or -Reject. */
function parse(out: string): Run {
  const roundTrips: number[] = []
  let n = 0
  for (const m of out.matchAll(/RADIUS message: code=(2|3|11) /g)) {
    n++
    if (m[1] === '2' || m[1] === '3') { roundTrips.push(n); n = 0 }
  }
  return {
    out, roundTrips, success: /^SUCCESS$/m.test(out), mppeOk: /MPPE keys OK: 2 {2}mismatch: 0/.test(out),
    accepts: (out.match(/code=2 \(Access-Accept\)/g) ?? []).length, resumed: /Handshake finished - resumed=1/.test(out),
  }
}

/** eapol_test -r 1; `between` runs while eapol_test is stopped (SIGSTOP) after the first Access-Accept. */
function eapolTwice(conf: string, port: number, mac: string, between?: () => Promise<void>): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn('stdbuf', ['-oL', 'eapol_test', '-c', conf, '-a', '127.0.0.1', '-p', String(port), '-s', 'testing123', '-t', '30', '-r', '1', '-M', mac], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let paused = false
    const onData = (d: Buffer): void => {
      out += d.toString()
      if (between !== undefined && !paused && /code=2 \(Access-Accept\)/.test(out)) {
        paused = true
        p.kill('SIGSTOP')
        void between().finally(() => p.kill('SIGCONT'))
      }
    }
    p.stdout.on('data', onData)
    p.stderr.on('data', onData)
    p.on('close', () => resolve(parse(out)))
  })
}

/** TLS 1.2 with a ticket, TLS 1.2 by session ID (no ticket extension sent), TLS 1.3. */
type Resumption = '1.2' | '1.2 session ID' | '1.3'

function conf(dir: string, name: string, files: Record<string, string>, tls: Resumption): string {
  // wpa_supplicant phase1 options (wpa_supplicant.conf): tls_disable_session_ticket=1 keeps the
  // SessionTicket extension out of the ClientHello, so only the session ID can resume.
  const phase1 = {
    '1.2': 'tls_disable_tlsv1_3=1 tls_disable_session_ticket=0',
    '1.2 session ID': 'tls_disable_tlsv1_3=1 tls_disable_session_ticket=1',
    '1.3': 'tls_disable_tlsv1_0=1 tls_disable_tlsv1_1=1 tls_disable_tlsv1_2=1 tls_disable_tlsv1_3=0',
  }[tls]
  const path = join(dir, `${name}.conf`)
  writeFileSync(path, `network={\n\tkey_mgmt=WPA-EAP\n\teap=TLS\n\tidentity="demo-device-1"\n\tca_cert="${files['ca']}"\n\tclient_cert="${files['cert']}"\n\tprivate_key="${files['key']}"\n\tdomain_match="auth.demo.example"\n\tphase1="${phase1}"\n}\n`)
  return path
}

describe('EAP-TLS resumption across actor nodes with eapol_test', () => {
  let nats: NatsServer
  let dir: string
  let nc: NatsConnection
  let topo: Topology
  let clusterKey: Buffer
  let authPort: number
  let common: string[]
  const nodes = new Map<string, ServiceProcess>()
  let gateway: ServiceProcess | undefined
  const figures: Array<{ case: string; full: number; resumed: number }> = []

  const startNode = async (id: string): Promise<void> => {
    nodes.set(id, await startService(['actor-node', ...common, '--heartbeat', '300', '--lease-ttl', '1500', '--node-id', id]))
  }

  const applyPki = async (kind: KeyType): Promise<Record<string, string>> => {
    const p = pki(kind)
    const files = { ca: join(dir, `${kind}-server-ca.pem`), cert: join(dir, `${kind}-client.pem`), key: join(dir, `${kind}-client-key.pem`) }
    writeFileSync(files.ca, p.serverCa.certPem)
    writeFileSync(files.cert, p.client.certPem)
    writeFileSync(files.key, p.client.keyPem)
    const demo = loadOrgConfigFile(join(ROOT, 'ops', 'config', 'demo-org.yaml'))
    if (!demo.ok) throw new Error('demo org config is invalid')
    await applyOrg(topo.config, { ...demo.org, deviceCa: '', pki: { ...(demo.org.pki ?? {}), trustedCas: [p.clientCa.certPem], server: { chainPem: p.server.certPem, keyPem: p.server.keyPem } } }, clusterKey)
    await new Promise((r) => setTimeout(r, 500))
    return files
  }

  const accepted = async (counter = 'eap.accept.eap-tls'): Promise<Map<string, number>> => {
    const m = new Map<string, number>()
    for (const [id, svc] of nodes) m.set(id, (await readCounters(svc))[counter] ?? 0)
    return m
  }
  const total = async (counter: string): Promise<number> => [...(await accepted(counter)).values()].reduce((a, b) => a + b, 0)

  beforeAll(async () => {
    requirePeer('eapol_test', 'eapoltest')
    nats = await startNatsServer()
    dir = mkdtempSync(join(tmpdir(), 'nac-resume-'))
    const keyFile = join(dir, 'cluster.key')
    clusterKey = loadOrCreateClusterKey(keyFile)
    nc = await connectNats({ servers: nats.url, name: 'test' })
    topo = await ensureTopology(nc)
    common = ['--nats', nats.url, '--cluster-key', keyFile, '--shards', '16']
    await startNode('node-a')
    await startNode('node-b')
    const radsec = opensslLeaf(dir, opensslCa(dir, 'radsec-ca', '/CN=test radsec CA'), 'radsec', '/CN=localhost', SERVER_EXT)
    authPort = await freeUdpPort()
    gateway = await startService(['gateway', ...common, '--radsec-cert', radsec.cert, '--radsec-key', radsec.key,
      '--radsec-port', String(await freeTcpPort()), '--auth-port', String(authPort), '--acct-port', String(await freeUdpPort())])
    await new Promise((r) => setTimeout(r, 2000))
  }, 60_000)

  afterAll(async () => {
    console.log(`RADIUS round trips, full vs resumed (Framed-MTU 1400, eapol_test default):\n${JSON.stringify(figures, null, 1)}`)
    await gateway?.stop()
    for (const n of nodes.values()) await n.stop()
    await nc?.close()
    await nats?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  let macN = 0x20
  for (const kind of ['ecdsa', 'rsa'] as const) {
    for (const tls of ['1.2', '1.2 session ID', '1.3'] as const) {
      it(`${kind}, TLS ${tls}: the re-authentication resumes with fewer round trips`, async () => {
        const files = await applyPki(kind)
        const hitsBefore = await total('eap.tls.session.hit_local') + await total('eap.tls.session.hit_store')
        const r = await eapolTwice(conf(dir, `${kind}-${tls.replaceAll(' ', '-')}`, files, tls), authPort, `02:00:00:00:02:${(macN++).toString(16)}`)
        expect(r.success, r.out.slice(-3000)).toBe(true)
        expect(r.accepts).toBe(2)
        expect(r.mppeOk).toBe(true)
        expect(r.resumed).toBe(true)
        const [full = 0, resumed = 0] = r.roundTrips
        figures.push({ case: `EAP-TLS ${tls} ${kind}`, full, resumed })
        // TLS 1.3 resumption has the full handshake's four exchanges (RFC 9190 Figures 1 and 3):
        // it saves certificates and signatures, not a round trip, once each flight fits one
        // EAP-Request (one session ticket, ticket-budget.ts). TLS 1.2 resumption saves one.
        if (tls === '1.3') expect(resumed).toBeLessThanOrEqual(full)
        else expect(resumed).toBeLessThan(full)
        // Only the session-ID case goes through the session cache; tickets never do.
        const hits = await total('eap.tls.session.hit_local') + await total('eap.tls.session.hit_store')
        expect(hits - hitsBefore).toBe(tls === '1.2 session ID' ? 1 : 0)
      }, 60_000)
    }
  }

  for (const tls of ['1.2', '1.2 session ID', '1.3'] as const) {
    it(`TLS ${tls}: resumes on the other node when the first one stops between the authentications`, async () => {
      const files = await applyPki('ecdsa')
      const before = await accepted()
      let stopped = ''
      let storeHitsBefore = 0
      const r = await eapolTwice(conf(dir, `move-${tls.replaceAll(' ', '-')}`, files, tls), authPort, `02:00:00:00:03:${(macN++).toString(16)}`, async () => {
        const after = await accepted()
        stopped = [...after].find(([id, n]) => n > (before.get(id) ?? 0))?.[0] ?? ''
        await nodes.get(stopped)?.stop()
        nodes.delete(stopped)
        storeHitsBefore = await total('eap.tls.session.hit_store')
        // The survivor takes the stopped node's shards (released on a graceful stop).
        await new Promise((res) => setTimeout(res, 2500))
      })
      expect(stopped).not.toBe('')
      expect(r.success, r.out.slice(-3000)).toBe(true)
      expect(r.mppeOk).toBe(true)
      expect(r.resumed).toBe(true)
      const [full = 0, resumed = 0] = r.roundTrips
      figures.push({ case: `EAP-TLS ${tls} ecdsa, resumed on another node`, full, resumed })
      // TLS 1.3: as many round trips as the full handshake (RFC 9190 Figure 3; see above).
      if (tls === '1.3') expect(resumed).toBeLessThanOrEqual(full)
      else expect(resumed).toBeLessThan(full)
      // The survivor served the resumption.
      const survivor = [...nodes.keys()][0] as string
      expect((await accepted()).get(survivor)).toBeGreaterThan(0)
      // By session ID the survivor had the session only from KV (the stopped node's memory is gone).
      if (tls === '1.2 session ID') expect(await total('eap.tls.session.hit_store') - storeHitsBefore).toBe(1)
      await startNode(stopped)
      await new Promise((res) => setTimeout(res, 2500))
    }, 90_000)
  }
})
