#!/usr/bin/env node
// nac-bench: the load harness. `run` drives one target, `compare` two targets alternating in
// slices; both print a summary and write results.json and report.html. See bench/README.md.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Command, InvalidArgumentError, Option } from 'commander'
import { runSession } from './core/bench-session.js'
import { parseDuration, parseRate } from './core/duration.js'
import type { LoadMode } from './core/load-driver.js'
import { buildPopulation } from './core/population.js'
import type { UserHash } from './peers/freeradius/freeradius-eap-config.js'
import { eapFilesFor, parseTarget, startTargets, type ClientKeyType, type StartedEapFiles, type TargetSpec } from './core/target.js'
import { htmlReport } from './report/html-report.js'
import type { RunResult } from './report/run-result.js'
import { textSummary } from './report/text-summary.js'
import { DEFAULT_FRAMED_MTU, buildMix, checkMixTargets, loadCatalogue, parseMixText } from './scenarios/registry.js'
import { loadEapTlsCredentials, type EapTlsFiles, type PerClientFiles } from './supplicant/credentials.js'
import type { TlsClientKind } from './supplicant/eap-tls-peer.js'

const positiveInt = (v: string): number => {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive integer')
  return n
}
const fraction = (v: string): number => {
  const n = Number(v)
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('a number within 0..1')
  return n
}
const duration = (v: string): number => { try { return parseDuration(v) } catch (e) { throw new InvalidArgumentError((e as Error).message) } }
const rate = (v: string): number => { try { return parseRate(v) } catch (e) { throw new InvalidArgumentError((e as Error).message) } }
const url = (v: string): string => {
  try { if (/^https?:$/.test(new URL(v).protocol)) return v } catch { /* below */ }
  throw new InvalidArgumentError('an http(s) URL, e.g. http://10.0.0.5:9464/metrics')
}
const catalogue = await loadCatalogue()
const list = (v: string): string[] => v.split(',').map((s) => s.trim()).filter((s) => s !== '')

interface LoadOpts {
  secret?: string; cert?: string; key?: string; ca?: string; servername?: string
  nas: number; clients: number; known: number; scenario: string; mix?: string
  concurrency: number; rate?: number; maxPending: number; duration?: number; count?: number; warmup: number
  timeout: number; retries: number; slice: number
  targetPids?: string[]; targetPgrep?: string[]; targetMetrics?: string; out?: string; progress: boolean; clusterCpuProf?: string; pipeline?: number
  framedMtu: number; eapChain: 'ecdsa' | 'demo'; eapCert?: string; eapKey?: string; eapCa?: string; eapServername?: string; eapIdentity?: string
  eapUserCert?: string; eapUserKey?: string; eapUserIdentity?: string
  eapClientKey?: ClientKeyType; eapClientCerts: 'shared' | 'per-client'; eapClientCaCert?: string; eapClientCaKey?: string; tlsClient: TlsClientKind; ttlsUser: string; ttlsPassword: string; freeradiusUserHash: UserHash
}

/** EAP client files: --eap-* over the started peers' files (the client of --eap-client-key). */
function eapFiles(o: LoadOpts, started: StartedEapFiles | undefined): EapTlsFiles | undefined {
  const s = started === undefined || (o.eapCert !== undefined && o.eapKey !== undefined) ? undefined : eapFilesFor(started, o.eapClientKey)
  const cert = o.eapCert ?? s?.clientCert
  const key = o.eapKey ?? s?.clientKey
  const ca = o.eapCa ?? started?.serverCa
  if (ca === undefined) return undefined
  const userCert = o.eapUserCert ?? (o.eapUserKey === undefined ? s?.userCert : undefined)
  const userKey = o.eapUserKey ?? (o.eapUserCert === undefined ? s?.userKey : undefined)
  const userIdentity = o.eapUserIdentity ?? s?.userIdentity
  return {
    ...(cert === undefined || key === undefined ? {} : { clientCert: cert, clientKey: key }),
    ...(userCert === undefined || userKey === undefined ? {} : { userCert, userKey }), ...(userIdentity === undefined ? {} : { userIdentity }),
    serverCa: ca, serverName: o.eapServername ?? started?.serverName ?? 'auth.demo.example', identity: o.eapIdentity ?? started?.identity ?? 'demo-device-1',
  }
}

/**
 * `--eap-client-certs per-client`: the client CA to issue under, --eap-client-ca-* over the started
 * peers' (undefined for `shared`). A target by address has no CA of ours: both options, or an error.
 */
function perClientFiles(o: LoadOpts, started: StartedEapFiles | undefined): PerClientFiles | undefined {
  if (o.eapClientCerts !== 'per-client') return undefined
  const caCert = o.eapClientCaCert ?? started?.clientCa?.cert
  const caKey = o.eapClientCaKey ?? started?.clientCa?.key
  if (caCert === undefined || caKey === undefined) throw new Error(PER_CLIENT_NEEDS_CA)
  return { caCert, caKey, count: o.clients }
}

const PER_CLIENT_NEEDS_CA = '--eap-client-certs per-client needs the EAP client CA: --eap-client-ca-cert <pem> and --eap-client-ca-key <pem> (started cluster and freeradius targets give their own)'

/** Refuses per-client certificates without a CA before any peer starts. */
function checkPerClientOptions(o: LoadOpts, specs: readonly TargetSpec[]): void {
  if (o.eapClientCerts !== 'per-client') {
    if (o.eapClientCaCert !== undefined || o.eapClientCaKey !== undefined) throw new Error('--eap-client-ca-cert and --eap-client-ca-key go with --eap-client-certs per-client')
    return
  }
  const given = o.eapClientCaCert !== undefined && o.eapClientCaKey !== undefined
  if ((o.eapClientCaCert === undefined) !== (o.eapClientCaKey === undefined)) throw new Error(PER_CLIENT_NEEDS_CA)
  if (!given && specs.some((s) => s.kind === 'address')) throw new Error(PER_CLIENT_NEEDS_CA)
}

function loadOptions(c: Command): Command {
  return c
    .option('--secret <s>', 'shared secret (UDP; RadSec defaults to "radsec")')
    .option('--cert <file>', 'RadSec: NAS certificate (PEM)')
    .option('--key <file>', 'RadSec: NAS private key (PEM)')
    .option('--ca <file>', "RadSec: CA of the server's certificate (PEM)")
    .option('--servername <name>', "RadSec: check the server certificate's name (the chain is always checked)")
    .option('--nas <n>', 'simulated NAS devices (UDP sockets or RadSec connections)', positiveInt, 4)
    .option('--clients <m>', 'distinct clients (MACs)', positiveInt, 1000)
    .option('--known <fraction>', 'share of clients the target knows (started targets are provisioned with them)', fraction, 0.9)
    .option('--scenario <name>', `scenario: ${catalogue.names.join(', ')}`, 'mab')
    .option('--mix <weights>', 'weighted mix instead of --scenario, e.g. mab:5,eap-tls13:3,ttls:2')
    .option('--framed-mtu <n>', 'EAP: Framed-MTU sent to the server and the supplicant\'s fragment size', positiveInt, DEFAULT_FRAMED_MTU)
    .addOption(new Option('--eap-chain <kind>', "EAP PKI of started peers: ecdsa (openssl P-256) or demo (the cluster's demo PKI, RSA)").choices(['ecdsa', 'demo']).default('ecdsa'))
    .option('--eap-cert <file>', 'EAP-TLS: client certificate (default: the started cluster\'s or FreeRADIUS\'s demo client)')
    .option('--eap-key <file>', 'EAP-TLS: client private key')
    .option('--eap-ca <file>', "EAP-TLS: CA of the EAP server's certificate")
    .option('--eap-servername <name>', "EAP-TLS: name checked in the EAP server's certificate")
    .option('--eap-identity <id>', 'EAP-TLS, PEAP-TLS: EAP identity (User-Name); TEAP: the machine is host/<id>')
    .option('--eap-user-cert <file>', "TEAP: the user's certificate (--eap-cert is the machine's; default: the started peers' user.pem)")
    .option('--eap-user-key <file>', "TEAP: the user's private key")
    .option('--eap-user-identity <id>', "TEAP: the user's inner identity (default alice)")
    .addOption(new Option('--eap-client-key <type>', 'EAP-TLS, PEAP-TLS: client key of the started peers\' PKI (default: ecdsa, or rsa with --eap-chain demo)').choices(['ecdsa', 'rsa']))
    .addOption(new Option('--eap-client-certs <mode>', 'EAP-TLS, PEAP-TLS: shared (every client presents the one client certificate) or per-client (each client its own, CN and identity <identity>-<index>, issued at start-up under the client CA)').choices(['shared', 'per-client']).default('shared'))
    .option('--eap-client-ca-cert <pem>', 'per-client: the EAP client CA certificate the target trusts (a target by address; started peers: their own)')
    .option('--eap-client-ca-key <pem>', "per-client: that CA's private key")
    .addOption(new Option('--tls-client <kind>', 'EAP-TLS 1.3: the supplicant\'s TLS client, lean (supplicant/tls13/: full handshakes and PSK resumption) or node (node:tls)').choices(['node', 'lean']).default('lean'))
    .option('--ttls-user <name>', 'EAP-TTLS/PAP: user name (also the outer identity)', 'alice')
    .option('--ttls-password <pw>', 'EAP-TTLS/PAP: password', 'wonderland')
    .addOption(new Option('--freeradius-user-hash <kind>', "a started FreeRADIUS's stored TTLS/PAP password: none (clear text) or sha512-crypt (glibc, 5000 rounds)").choices(['none', 'sha512-crypt']).default('none'))
    .option('--concurrency <c>', 'closed loop: authentications in flight', positiveInt, 32)
    .option('--rate <r>', 'open loop: authentications per second (e.g. 500/s)', rate)
    .option('--max-pending <n>', 'open loop: in-flight bound; arrivals beyond it are shed (counted as errors)', positiveInt, 4096)
    .addOption(new Option('--duration <d>', 'measured time (e.g. 30s)').argParser(duration).conflicts('count'))
    .option('--count <k>', 'measured authentications', positiveInt)
    .option('--warmup <d>', 'warm-up before measuring, excluded from the figures', duration, 5000)
    .option('--timeout <d>', 'per-request timeout, as a NAS', duration, 2000)
    .option('--retries <n>', 'retransmissions after the first send (UDP; RadSec resends only after reconnecting)', (v) => Number(v), 2)
    .option('--pipeline <n>', 'RadSec: requests outstanding per connection (default 256; 1 when FreeRADIUS is a target)', positiveInt)
    .option('--slice <d>', 'compare: slice length', duration, 5000)
    .option('--target-pids <pids>', "PIDs of the target's processes (CPU per authentication)", list)
    .option('--target-pgrep <names>', 'process names of the target (e.g. nats-server,node), this harness excluded', list)
    .option('--target-metrics <url>', "Prometheus /metrics URL of a target by address (its nac_event_loop_delay_p99_ms is read once a second); started clusters: their own", url)
    .option('--cluster-cpu-prof <dir>', 'write a V8 CPU profile of a started cluster into <dir>')
    .option('--out <dir>', 'directory for results.json and report.html (default bench/results/<time>-<command>)')
    .option('--no-progress', 'no progress line')
}

async function execute(command: 'run' | 'compare', specs: TargetSpec[], o: LoadOpts): Promise<void> {
  const log = (line: string): void => { process.stderr.write(`nac-bench: ${line}\n`) }
  const mixText = o.mix ?? o.scenario
  const mixEntries = parseMixText(mixText, catalogue)
  checkMixTargets(mixEntries, catalogue, specs.map((s) => ({ kind: s.kind, label: s.kind === 'address' ? `${s.transport}://${s.host}:${s.port}` : `${s.kind}+${s.transport}` })))
  checkPerClientOptions(o, specs)
  const clients = buildPopulation(o.clients, o.known)
  const mode: LoadMode = o.rate === undefined ? { kind: 'closed', concurrency: o.concurrency } : { kind: 'open', ratePerSec: o.rate, maxPending: o.maxPending }
  const durationMs = o.duration ?? (o.count === undefined ? 30_000 : undefined)
  const started = await startTargets(specs, {
    knownMacs: clients.filter((c) => c.known).map((c) => c.mac),
    address: {
      ...(o.secret === undefined ? {} : { secret: o.secret }), ...(o.cert === undefined ? {} : { cert: o.cert }),
      ...(o.key === undefined ? {} : { key: o.key }), ...(o.ca === undefined ? {} : { ca: o.ca }),
      ...(o.servername === undefined ? {} : { servername: o.servername }),
      ...(o.targetPids === undefined ? {} : { targetPids: o.targetPids.map(Number) }),
      ...(o.targetPgrep === undefined ? {} : { targetPgrep: o.targetPgrep }),
      ...(o.targetMetrics === undefined ? {} : { targetMetrics: o.targetMetrics }),
    },
    ...(o.clusterCpuProf === undefined ? {} : { clusterCpuProfDir: o.clusterCpuProf }),
    ...(o.pipeline === undefined ? {} : { pipeline: o.pipeline }),
    eapChain: o.eapChain,
    eapResumption: mixEntries.some((e) => catalogue.byName.get(e.name)?.needsResumption === true),
    freeradiusUserHash: o.freeradiusUserHash,
    log,
  })
  let stopping = false
  const onSignal = (): void => {
    if (stopping) process.exit(130)
    stopping = true
    log('interrupted: stopping the peers')
    started.stop().finally(() => process.exit(130))
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  let result: RunResult
  try {
    const eap = eapFiles(o, started.eapTls)
    const perClient = perClientFiles(o, started.eapTls)
    if (perClient !== undefined && eap === undefined) throw new Error('--eap-client-certs per-client needs --eap-ca (the CA of the EAP server\'s certificate)')
    // Per-client certificates are issued here, before the warm-up: outside the measured client CPU.
    const credentials = eap === undefined ? undefined : loadEapTlsCredentials(eap, perClient)
    if (credentials?.perClient !== undefined) log(`issued ${credentials.perClient.count} client certificates in ${Math.round(credentials.perClient.issueMs)} ms`)
    const mix = buildMix(mixEntries, catalogue, {
      framedMtu: o.framedMtu, ttls: { user: o.ttlsUser, password: o.ttlsPassword }, tlsClient: o.tlsClient, ...(credentials === undefined ? {} : { eap: credentials }),
    })
    result = await runSession({
      command, targets: started.targets, clients, mix, mode, nas: o.nas, policy: { timeoutMs: o.timeout, retries: o.retries },
      warmupMs: o.warmup, ...(durationMs === undefined ? {} : { durationMs }), ...(o.count === undefined ? {} : { count: o.count }),
      sliceMs: o.slice, progress: o.progress, log,
      options: {
        targets: specs, nas: o.nas, clients: o.clients, known: o.known, mix: mixText, framedMtu: o.framedMtu, eapChain: o.eapChain, eapClientKey: o.eapClientKey, eapClientCerts: o.eapClientCerts, tlsClient: o.tlsClient, freeradiusUserHash: o.freeradiusUserHash, mode, durationMs, count: o.count,
        warmupMs: o.warmup, timeoutMs: o.timeout, retries: o.retries, pipeline: o.pipeline, sliceMs: command === 'compare' ? o.slice : undefined,
      },
    })
  } finally {
    await started.stop()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  const out = o.out ?? join('bench', 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}-${command}`)
  mkdirSync(out, { recursive: true })
  writeFileSync(join(out, 'results.json'), `${JSON.stringify(result, null, 2)}\n`)
  writeFileSync(join(out, 'report.html'), htmlReport(result))
  process.stdout.write(`${textSummary(result)}\nresults: ${join(out, 'results.json')}\nreport:  ${join(out, 'report.html')}\n`)
}

const program = new Command('nac-bench').description('RADIUS/RadSec load harness: simulated NAS devices and clients against any server')

loadOptions(program.command('run')
  .description('drive one target')
  .requiredOption('--target <spec>', 'udp://host:port | radsec://host:port | cluster[+udp|+radsec] | freeradius[+udp|+radsec]'))
  .action(async (o: LoadOpts & { target: string }) => execute('run', [parseTarget(o.target)], o))

loadOptions(program.command('compare')
  .description('the same scenario against two targets, alternating in slices; figures side by side with their ratio')
  .requiredOption('--a <spec>', 'first target (same forms as run --target)')
  .requiredOption('--b <spec>', 'second target'))
  .action(async (o: LoadOpts & { a: string; b: string }) => execute('compare', [parseTarget(o.a), parseTarget(o.b)], o))

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`nac-bench: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
