// The JSON results of a run: one entry per target with every figure of the summary, plus the
// machine, Node version and commit they were measured on (STYLE.md: every figure names them).
import { execFileSync } from 'node:child_process'
import { cpus } from 'node:os'
import type { LoadDriver } from '../core/load-driver.js'
import type { LatencyFigures } from '../core/latency-histogram.js'
import { PLOT_BUCKET_EDGES_MS } from '../core/latency-histogram.js'
import type { EventLoopFigures } from '../core/event-loop.js'
import type { SecondSample } from '../core/recorder.js'
import type { TransportStats } from '../transport/round-tripper.js'

export interface Machine {
  nproc: number
  cpuModel: string
  node: string
  commit: string
}

export interface TargetResult {
  label: string
  transport: 'udp' | 'radsec'
  measuredSeconds: number
  throughputPerSec: number
  counts: { success: number; reject: number; timeout: number; error: number; total: number }
  /** Answered authentications whose outcome differs from the population's (known MAC → Accept). */
  unexpected: number
  errorsByKind: Record<string, number>
  latency: { auth: LatencyFigures; round: LatencyFigures }
  roundTrips: Record<string, { auths: number; rounds: number; perAuth: number }>
  cpu: {
    /** Target processes measured (empty: not local, no CPU figures). */
    pids: number[]
    targetMs: number | null
    targetMsPerAuth: number | null
    /** targetMs by part (process name; a node process as its main thread and its other threads), most first; null: not local. */
    targetParts: Array<{ part: string; ms: number; msPerAuth: number | null }> | null
    clientMs: number
    clientMsPerAuth: number | null
  }
  transportStats: TransportStats
  /** The target's event-loop delay (nac_event_loop_delay_p99_ms scraped once a second while measured); null: no metrics URL. */
  eventLoop: EventLoopFigures | null
  series: SecondSample[]
  /** Authentication latency histogram for the plot: bucket lower edges (ms) and counts. */
  histogram: { edgesMs: number[]; counts: number[] }
}

export interface RunResult {
  tool: 'nac-bench'
  command: 'run' | 'compare'
  startedAt: string
  machine: Machine
  options: Record<string, unknown>
  targets: TargetResult[]
}

export function machineInfo(): Machine {
  let commit = 'unknown'
  try { commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() } catch { /* not a checkout */ }
  return { nproc: cpus().length, cpuModel: cpus()[0]?.model.trim() ?? 'unknown', node: process.version, commit }
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000

export function targetResult(label: string, transport: 'udp' | 'radsec', d: LoadDriver, pids: number[], stats: TransportStats, eventLoop: EventLoopFigures | null = null): TargetResult {
  const r = d.recorder
  const seconds = r.measuredMs / 1000
  const answered = r.answered
  const roundTrips: TargetResult['roundTrips'] = {}
  for (const [m, v] of r.methods) if (m !== 'shed') roundTrips[m] = { ...v, perAuth: v.auths === 0 ? 0 : round3(v.rounds / v.auths) }
  const perAuth = (ms: number): number | null => (answered === 0 ? null : round3(ms / answered))
  return {
    label, transport,
    measuredSeconds: round3(seconds),
    throughputPerSec: seconds === 0 ? 0 : Math.round((r.total / seconds) * 10) / 10,
    counts: { ...r.counts, total: r.total },
    unexpected: r.unexpected,
    errorsByKind: Object.fromEntries(r.details),
    latency: r.latency(),
    roundTrips,
    cpu: {
      pids,
      targetMs: pids.length === 0 ? null : round3(d.targetCpuMs),
      targetMsPerAuth: pids.length === 0 ? null : perAuth(d.targetCpuMs),
      targetParts: pids.length === 0 ? null : [...d.targetCpuParts]
        .map(([part, ms]) => ({ part, ms: round3(ms), msPerAuth: perAuth(ms) }))
        .sort((a, b) => b.ms - a.ms || a.part.localeCompare(b.part)),
      clientMs: round3(d.clientCpuMs),
      clientMsPerAuth: perAuth(d.clientCpuMs),
    },
    transportStats: stats,
    eventLoop,
    series: r.series,
    histogram: { edgesMs: PLOT_BUCKET_EDGES_MS.map(round3), counts: [...r.auth.buckets] },
  }
}
