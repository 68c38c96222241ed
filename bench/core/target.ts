// Targets: a RADIUS/UDP or RadSec server by address (any server), or a peer the bench starts
// and stops itself: this cluster (`cluster+radsec`, `cluster+udp`) or FreeRADIUS
// (`freeradius+radsec`, `freeradius+udp`). Started peers are provisioned with the population's
// known MACs and share one PKI (the cluster's when it runs, else one made with openssl), and
// their processes are known, so their CPU is measured. EAP-TLS: one EAP PKI for every started
// peer (the org's `pki:` on the cluster, the eap module on FreeRADIUS): by default an ECDSA P-256
// one made with openssl (`--eap-chain ecdsa`, the chain DESIGN.md's budget assumes), or the
// cluster's own demo PKI (`--eap-chain demo`, RSA 2048); its client side goes to the supplicants,
// with the client CA's key for `--eap-client-certs per-client` (a certificate per simulated client).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCluster, type ClusterPeer } from '../peers/cluster/cluster-peer.js'
import { startFreeradius } from '../peers/freeradius/freeradius-peer.js'
import { makeEapPki } from '../peers/freeradius/eap-pki.js'
import type { UserHash } from '../peers/freeradius/freeradius-eap-config.js'
import { makeOpensslPki } from '../peers/openssl-pki.js'
import type { EapTlsFiles } from '../supplicant/credentials.js'
import { RadsecNas } from '../transport/radsec-nas.js'
import type { RetryPolicy, RoundTripper } from '../transport/round-tripper.js'
import { UdpNas } from '../transport/udp-nas.js'
import { pidsByName } from './process-cpu.js'

export type TransportKind = 'udp' | 'radsec'

export type TargetSpec =
  | { kind: 'address'; transport: TransportKind; host: string; port: number }
  | { kind: 'cluster' | 'freeradius'; transport: TransportKind }

export function parseTarget(text: string): TargetSpec {
  const m = /^(udp|radsec):\/\/(\[[^\]]+\]|[^:/]+):(\d+)\/?$/.exec(text)
  if (m !== null) return { kind: 'address', transport: m[1] as TransportKind, host: (m[2] as string).replace(/^\[|\]$/g, ''), port: Number(m[3]) }
  const p = /^(cluster|freeradius)(?:\+(udp|radsec))?$/.exec(text)
  if (p !== null) return { kind: p[1] as 'cluster' | 'freeradius', transport: (p[2] ?? 'radsec') as TransportKind }
  throw new Error(`bad target ${text}: udp://host:port, radsec://host:port, cluster[+udp|+radsec], freeradius[+udp|+radsec]`)
}

/** Credentials and CPU sources given on the command line, for targets by address. */
export interface AddressTargetOptions {
  secret?: string
  cert?: string
  key?: string
  ca?: string
  servername?: string
  targetPids?: number[]
  targetPgrep?: string[]
  /** Prometheus /metrics URL of the target (nac_event_loop_delay_p99_ms). */
  targetMetrics?: string
}

export interface Target {
  label: string
  transport: TransportKind
  openNas(index: number, policy: RetryPolicy): Promise<RoundTripper>
  /** Processes whose CPU is the target's (empty: not measured). */
  pids(): number[]
  /** Prometheus /metrics URL exporting nac_event_loop_delay_p99_ms (scraped once a second while measured). */
  metricsUrl?: string
}

/** Client key types of the started peers' EAP PKI (`--eap-client-key`). */
export type ClientKeyType = 'ecdsa' | 'rsa'

/** The started peers' EAP client files: the server CA and name, and a client certificate per key type. */
export interface StartedEapFiles {
  serverCa: string
  serverName: string
  identity: string
  /** The first is the default: ECDSA for `--eap-chain ecdsa` (RSA beside it), RSA only for `demo`. */
  clients: Partial<Record<ClientKeyType, { cert: string; key: string }>>
  /** TEAP's user certificate (the client certificate is the machine's). */
  user?: { cert: string; key: string; identity: string }
  /** The client CA (one certificate) and its key, which `--eap-client-certs per-client` issues under. */
  clientCa?: { cert: string; key: string }
}

/** The EAP files of one client key type (undefined: the chain's default). */
export function eapFilesFor(e: StartedEapFiles, keyType: ClientKeyType | undefined): EapTlsFiles {
  const type = keyType ?? (Object.keys(e.clients)[0] as ClientKeyType | undefined)
  const c = type === undefined ? undefined : e.clients[type]
  if (c === undefined) throw new Error(`no ${keyType ?? ''} client certificate in this EAP PKI (has: ${Object.keys(e.clients).join(', ')})`)
  return {
    clientCert: c.cert, clientKey: c.key, serverCa: e.serverCa, serverName: e.serverName, identity: e.identity,
    ...(e.user === undefined ? {} : { userCert: e.user.cert, userKey: e.user.key, userIdentity: e.user.identity }),
  }
}

export interface StartedTargets {
  targets: Target[]
  /** EAP client files matching the started peers' EAP server (none for targets by address). */
  eapTls?: StartedEapFiles
  /** Stops every peer that was started (the cluster, FreeRADIUS) and removes their files. */
  stop(): Promise<void>
}

interface Endpoint { host: string; port: number; secret: string; tls?: { certPem: string; keyPem: string; caPem: string; servername?: string }; pipeline: number }

function nasFactory(transport: TransportKind, e: Endpoint): (index: number, policy: RetryPolicy) => Promise<RoundTripper> {
  return async (index, policy) => {
    const nasId = `bench-nas-${index}`
    if (transport === 'udp') return UdpNas.open({ host: e.host, port: e.port, secret: e.secret, policy, nasId })
    const tls = e.tls
    if (tls === undefined) throw new Error('RadSec needs --cert, --key and --ca')
    return RadsecNas.open({
      host: e.host, port: e.port, secret: e.secret, certPem: tls.certPem, keyPem: tls.keyPem, caPem: tls.caPem, policy, nasId, pipeline: e.pipeline,
      ...(tls.servername === undefined ? {} : { servername: tls.servername }),
    })
  }
}

const read = (f: string): string => readFileSync(f, 'utf8')

export interface StartTargetsOptions {
  knownMacs: readonly string[]
  address: AddressTargetOptions
  clusterCpuProfDir?: string
  /** RadSec requests outstanding per connection; default 256, but 1 when FreeRADIUS is a target (see RadsecNasOptions.pipeline). */
  pipeline?: number
  /** EAP PKI of started peers: openssl ECDSA (default), or the cluster's demo files. */
  eapChain?: 'ecdsa' | 'demo'
  /** A resumed scenario runs: a started FreeRADIUS keeps TLS sessions (the cluster always does). */
  eapResumption?: boolean
  /** How a started FreeRADIUS stores the TTLS/PAP user's password (default none: clear text). */
  freeradiusUserHash?: UserHash
  log: (line: string) => void
}

/** Starts what must be started (the cluster before FreeRADIUS, which borrows its certificates). */
export async function startTargets(specs: readonly TargetSpec[], o: StartTargetsOptions): Promise<StartedTargets> {
  const stops: Array<() => Promise<void>> = []
  const stopAll = async (): Promise<void> => { for (const s of stops.reverse()) await s().catch(() => undefined) }
  try {
    let cluster: ClusterPeer | undefined
    let eap: { client: StartedEapFiles; server: { certFile: string; keyFile: string; clientCaFile: string } } | undefined
    const clusterDemoEap = o.eapChain === 'demo' && specs.some((s) => s.kind === 'cluster')
    if (!clusterDemoEap && specs.some((s) => s.kind === 'cluster' || s.kind === 'freeradius')) {
      const dir = mkdtempSync(join(tmpdir(), 'bench-eap-pki-'))
      stops.push(async () => rmSync(dir, { recursive: true, force: true }))
      const e = makeEapPki(dir)
      eap = {
        client: { serverCa: e.serverCa, serverName: e.serverName, identity: e.identity, clients: { ecdsa: { cert: e.clientCert, key: e.clientKey }, rsa: { cert: e.rsaClientCert, key: e.rsaClientKey } },
          user: { cert: e.userCert, key: e.userKey, identity: e.userIdentity }, clientCa: { cert: e.ecClientCaCert, key: e.ecClientCaKey } },
        server: { certFile: e.serverCert, keyFile: e.serverKey, clientCaFile: e.clientCa },
      }
    }
    if (specs.some((s) => s.kind === 'cluster')) {
      o.log('starting the cluster (embedded default, dist/)...')
      cluster = await startCluster({
        knownMacs: o.knownMacs, ...(o.clusterCpuProfDir === undefined ? {} : { cpuProfDir: o.clusterCpuProfDir }),
        ...(eap === undefined ? {} : { eapPki: { clientCaFile: eap.server.clientCaFile, serverCertFile: eap.server.certFile, serverKeyFile: eap.server.keyFile } }),
      })
      stops.push(() => (cluster as ClusterPeer).stop())
      o.log(`cluster ready: RadSec ${cluster.host}:${cluster.radsecPort}, UDP ${cluster.authPort}, pids ${cluster.pids().join(',')}`)
    }
    let pki: { nasCert: string; nasKey: string; ca: string; serverCert: string; serverKey: string; clientCa: string } | undefined
    if (cluster !== undefined) {
      const f = cluster.files
      pki = { nasCert: f.nasCert, nasKey: f.nasKey, ca: f.radsecCa, serverCert: f.serverCert, serverKey: f.serverKey, clientCa: f.deviceCa }
      // ops/pki/eap-pki.ts writes these into the demo directory (org "demo").
      const demo = join(cluster.dataDir, 'demo')
      if (clusterDemoEap) eap = {
        client: { serverCa: join(demo, 'eap-server-ca.pem'), serverName: 'auth.demo.example', identity: 'demo-device-1', clients: { rsa: { cert: join(demo, 'client.pem'), key: join(demo, 'client-key.pem') } },
          user: { cert: join(demo, 'user.pem'), key: join(demo, 'user-key.pem'), identity: 'alice' },
          clientCa: { cert: join(demo, 'client-ca.pem'), key: join(demo, 'client-ca-key.pem') } },
        server: { certFile: join(demo, 'eap-server.pem'), keyFile: join(demo, 'eap-server-key.pem'), clientCaFile: join(demo, 'client-ca.pem') },
      }
    } else if (specs.some((s) => s.kind === 'freeradius')) {
      const dir = mkdtempSync(join(tmpdir(), 'bench-pki-'))
      stops.push(async () => rmSync(dir, { recursive: true, force: true }))
      const p = makeOpensslPki(dir)
      pki = { nasCert: p.nasCertFile, nasKey: p.nasKeyFile, ca: p.caFile, serverCert: p.serverCertFile, serverKey: p.serverKeyFile, clientCa: p.caFile }
    }
    const pipeline = o.pipeline ?? (specs.some((s) => s.kind === 'freeradius' && s.transport === 'radsec') ? 1 : 256)
    const targets: Target[] = []
    for (const spec of specs) {
      if (spec.kind === 'cluster') {
        const c = cluster as ClusterPeer
        const p = pki as NonNullable<typeof pki>
        const e: Endpoint = spec.transport === 'udp'
          ? { host: c.host, port: c.authPort, secret: c.udpSecret, pipeline: 256 }
          : { host: c.host, port: c.radsecPort, secret: 'radsec', tls: { certPem: read(p.nasCert), keyPem: read(p.nasKey), caPem: read(p.ca) }, pipeline }
        targets.push({ label: `cluster+${spec.transport}`, transport: spec.transport, openNas: nasFactory(spec.transport, e), pids: () => c.pids(), metricsUrl: c.metricsUrl })
      } else if (spec.kind === 'freeradius') {
        const p = pki as NonNullable<typeof pki>
        o.log('starting FreeRADIUS...')
        const fr = await startFreeradius({ udpSecret: 'testing123', knownMacs: o.knownMacs, tls: { certFile: p.serverCert, keyFile: p.serverKey, clientCaFile: p.clientCa },
          ...(eap === undefined ? {} : { eap: { ...eap.server, resumption: o.eapResumption === true, userHash: o.freeradiusUserHash ?? 'none' } }) })
        stops.push(() => fr.stop())
        o.log(`FreeRADIUS ready: UDP ${fr.host}:${fr.udpPort}, RadSec ${fr.tlsPort}, pid ${fr.pid}`)
        const e: Endpoint = spec.transport === 'udp'
          ? { host: fr.host, port: fr.udpPort, secret: 'testing123', pipeline: 256 }
          : { host: fr.host, port: fr.tlsPort, secret: 'radsec', tls: { certPem: read(p.nasCert), keyPem: read(p.nasKey), caPem: read(p.ca) }, pipeline }
        targets.push({ label: `freeradius+${spec.transport}`, transport: spec.transport, openNas: nasFactory(spec.transport, e), pids: () => [fr.pid]})
      } else if (spec.kind === 'address') {
        const a = o.address
        const tls = a.cert !== undefined && a.key !== undefined && a.ca !== undefined
          ? { certPem: read(a.cert), keyPem: read(a.key), caPem: read(a.ca), ...(a.servername === undefined ? {} : { servername: a.servername }) }
          : undefined
        const secret = a.secret ?? (spec.transport === 'radsec' ? 'radsec' : undefined)
        if (secret === undefined) throw new Error('a UDP target needs --secret')
        const e: Endpoint = { host: spec.host, port: spec.port, secret, pipeline, ...(tls === undefined ? {} : { tls }) }
        const pids = [...(a.targetPids ?? []), ...(a.targetPgrep === undefined ? [] : pidsByName(a.targetPgrep))]
        targets.push({ label: `${spec.transport}://${spec.host}:${spec.port}`, transport: spec.transport, openNas: nasFactory(spec.transport, e), pids: () => pids,
          ...(a.targetMetrics === undefined ? {} : { metricsUrl: a.targetMetrics }) })
      }
    }
    return { targets, stop: stopAll, ...(eap === undefined ? {} : { eapTls: eap.client }) }
  } catch (e) {
    await stopAll()
    throw e
  }
}
