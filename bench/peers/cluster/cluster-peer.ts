// Starts this cluster as a bench target: the embedded default (`node dist/ops/cli/main.js run`)
// on free ports with its own data directory, then provisions the bench population as endpoints
// of the demo org (label iot, VLAN 100: the demo rule allows them by MAB) with `config apply`.
// Its CPU is the node process and its nats-server child together; it serves Prometheus metrics
// (`--metrics-port`) so the bench can read its event-loop delay.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse, stringify } from 'yaml'
import { KNOWN_VLAN, colonMac } from '../../core/population.js'
import { processTree } from '../../core/process-cpu.js'
import { mabScenario } from '../../scenarios/catalogue/mab.js'
import { UdpNas } from '../../transport/udp-nas.js'
import { freePort } from '../free-port.js'
import { startPeerProcess, type PeerProcess } from '../peer-process.js'

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
export const CLUSTER_CLI = join(ROOT, 'dist', 'ops', 'cli', 'main.js')

export interface ClusterPeer {
  host: string
  radsecPort: number
  authPort: number
  natsPort: number
  /** Prometheus metrics of the node process (`--metrics-port`), with nac_event_loop_delay_p99_ms. */
  metricsUrl: string
  dataDir: string
  /** The demo org's RADIUS/UDP secret and RadSec files (NAS certificate, server CA, server certificate). */
  udpSecret: string
  files: { nasCert: string; nasKey: string; radsecCa: string; deviceCa: string; serverCert: string; serverKey: string }
  process: PeerProcess
  /** The node process and its descendants (nats-server). */
  pids(): number[]
  stop(): Promise<void>
}

export interface ClusterPeerOptions {
  knownMacs: readonly string[]
  /** Write a V8 CPU profile of the cluster process here when it stops (node --cpu-prof). */
  cpuProfDir?: string
  /** The org's EAP server certificate and client CA (default: the demo EAP PKI in <data>/demo). */
  eapPki?: EapServerPki
}

/** Files of the org's `pki:` section (ops/config/validate-pki.ts), absolute or relative to the org file. */
export interface EapServerPki { clientCaFile: string; serverCertFile: string; serverKeyFile: string }

const DEMO_EAP_PKI: EapServerPki = { clientCaFile: 'demo/client-ca.pem', serverCertFile: 'demo/eap-server.pem', serverKeyFile: 'demo/eap-server-key.pem' }

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 16 << 20, env: { ...process.env, NAC_LOG_LEVEL: 'warn' } }, (err, stdout, stderr) => {
      if (err !== null) reject(new Error(`${args.join(' ')}: ${stderr || err.message}`))
      else resolve(stdout)
    })
  })
}

/**
 * The demo org (ops/config/demo-org.yaml) with the known MACs added as iot endpoints on VLAN 100,
 * and its EAP PKI named (an applied org without `pki:` has no EAP server, so EAP-TLS is refused).
 */
export function benchOrgYaml(knownMacs: readonly string[], eap: EapServerPki = DEMO_EAP_PKI): string {
  const doc = parse(readFileSync(join(ROOT, 'ops', 'config', 'demo-org.yaml'), 'utf8')) as { endpoints?: unknown[]; pki?: unknown }
  doc.pki ??= { trustedCas: [eap.clientCaFile], serverCertificate: { chain: eap.serverCertFile, key: eap.serverKeyFile } }
  const endpoints = doc.endpoints ?? []
  for (const m of knownMacs) endpoints.push({ mac: colonMac(m), name: `bench-${m}`, vlan: KNOWN_VLAN, labels: ['iot'] })
  doc.endpoints = endpoints
  return stringify(doc)
}

/** Endpoints reach the actor nodes through their KV watch: wait until the last one is served. */
async function untilAccepted(host: string, port: number, mac: string, timeoutMs = 15_000): Promise<void> {
  const nas = await UdpNas.open({ host, port, secret: 'testing123', policy: { timeoutMs: 500, retries: 0 }, nasId: 'bench-probe' })
  try {
    const until = Date.now() + timeoutMs
    for (;;) {
      const r = await mabScenario.run({ client: { index: -1, mac, known: true }, nas })
      if (r.outcome === 'success') return
      if (Date.now() > until) throw new Error(`the cluster does not accept provisioned MAC ${mac} (last outcome ${r.outcome})`)
      await new Promise((res) => setTimeout(res, 200))
    }
  } finally {
    await nas.close()
  }
}

export async function startCluster(o: ClusterPeerOptions): Promise<ClusterPeer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-cluster-'))
  const host = '127.0.0.1'
  const [natsPort, radsecPort, authPort, acctPort, proxyPort, apiPort, metricsPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort(), await freePort(), await freePort()]
  const nodeArgs = o.cpuProfDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', o.cpuProfDir]
  const proc = await startPeerProcess(process.execPath, [...nodeArgs, CLUSTER_CLI, 'run', '--data-dir', dataDir, '--host', host,
    '--nats-port', String(natsPort), '--radsec-port', String(radsecPort), '--auth-port', String(authPort), '--acct-port', String(acctPort),
    '--radsecproxy-port', String(proxyPort), '--api-port', String(apiPort), '--metrics-port', String(metricsPort)], /"ready":"embedded"/, 60_000, { NAC_LOG_LEVEL: 'warn' })
  const stop = async (): Promise<void> => {
    await proc.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    const orgFile = join(dataDir, 'bench-org.yaml')
    writeFileSync(orgFile, benchOrgYaml(o.knownMacs, o.eapPki))
    await run([CLUSTER_CLI, 'config', 'apply', orgFile, '--nats', `nats://${host}:${natsPort}`,
      '--cluster-key', join(dataDir, 'cluster.key'), '--device-ca', join(dataDir, 'demo', 'device-ca.pem')])
    const last = o.knownMacs[o.knownMacs.length - 1]
    if (last !== undefined) await untilAccepted(host, authPort, last)
  } catch (e) {
    await stop()
    throw e
  }
  const demo = join(dataDir, 'demo')
  return {
    host, radsecPort, authPort, natsPort, metricsUrl: `http://${host}:${metricsPort}/metrics`, dataDir, udpSecret: 'testing123', process: proc,
    files: {
      nasCert: join(demo, 'nas.pem'), nasKey: join(demo, 'nas-key.pem'), radsecCa: join(demo, 'radsec-ca.pem'), deviceCa: join(demo, 'device-ca.pem'),
      serverCert: join(dataDir, 'pki', 'radsec-server.pem'), serverKey: join(dataDir, 'pki', 'radsec-server-key.pem'),
    },
    pids: () => processTree(proc.pid),
    stop,
  }
}
