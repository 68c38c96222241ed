// The end-of-run summary on stdout: one column per target, and for compare the ratio of the
// first target to the second (below 1: the first spends less / answers faster). Target CPU per
// auth is followed by one row per part of the target (cpu.targetParts), '-' for a target without it.
import { formatMs } from '../core/duration.js'
import type { RunResult, TargetResult } from './run-result.js'

type Row = [string, (t: TargetResult) => number | null, (v: number) => string]

const n = (v: number): string => String(v)
const ms = (v: number): string => formatMs(v)
const cpu = (v: number): string => `${v.toFixed(3)} ms`

const TARGET_CPU_PER_AUTH = 'target CPU per auth'

const ROWS: Row[] = [
  ['throughput (auth/s)', (t) => t.throughputPerSec, (v) => v.toFixed(1)],
  ['authentications', (t) => t.counts.total, n],
  ['  success', (t) => t.counts.success, n],
  ['  reject', (t) => t.counts.reject, n],
  ['  timeout', (t) => t.counts.timeout, n],
  ['  error', (t) => t.counts.error, n],
  ['  unexpected outcome', (t) => t.unexpected, n],
  ['auth latency p50', (t) => t.latency.auth.p50Ms, ms],
  ['auth latency p90', (t) => t.latency.auth.p90Ms, ms],
  ['auth latency p99', (t) => t.latency.auth.p99Ms, ms],
  ['auth latency p99.9', (t) => t.latency.auth.p999Ms, ms],
  ['round-trip latency p50', (t) => t.latency.round.p50Ms, ms],
  ['round-trip latency p99', (t) => t.latency.round.p99Ms, ms],
  ['round-trip latency p99.9', (t) => t.latency.round.p999Ms, ms],
  [TARGET_CPU_PER_AUTH, (t) => t.cpu.targetMsPerAuth, cpu],
  ['target CPU total', (t) => t.cpu.targetMs, (v) => `${v.toFixed(0)} ms`],
  ['event-loop delay p99, measured phase', (t) => t.eventLoop?.p99PhaseMs ?? null, ms],
  ['event-loop delay p99, max of 1 s', (t) => t.eventLoop?.p99MaxMs ?? null, ms],
  ['event-loop delay p99, median of 1 s', (t) => t.eventLoop?.p99MedianMs ?? null, ms],
  ['harness CPU per auth', (t) => t.cpu.clientMsPerAuth, cpu],
  ['retransmits', (t) => t.transportStats.retransmits, n],
  ['reconnects', (t) => t.transportStats.reconnects, n],
  ['connect failures', (t) => t.transportStats.connectFailures, n],
]

/** The parts of the targets' CPU, each target's in its order (most first), then the next target's new ones. */
function partRows(ts: readonly TargetResult[]): Row[] {
  const parts = new Set(ts.flatMap((t) => (t.cpu.targetParts ?? []).map((p) => p.part)))
  return [...parts].map((part): Row => [`  ${part}`, (t) => t.cpu.targetParts?.find((p) => p.part === part)?.msPerAuth ?? null, cpu])
}

export function textSummary(r: RunResult): string {
  const ts = r.targets
  const head = ['', ...ts.map((t) => t.label), ...(ts.length === 2 ? ['ratio'] : [])]
  const rows: string[][] = [head]
  const all = ROWS.flatMap((row) => (row[0] === TARGET_CPU_PER_AUTH ? [row, ...partRows(ts)] : [row]))
  for (const [name, get, fmt] of all) {
    const vals = ts.map(get)
    const row = [name, ...vals.map((v) => (v === null ? '-' : fmt(v)))]
    if (ts.length === 2) {
      const [a, b] = vals
      row.push(a === null || b === null || a === undefined || b === undefined || b === 0 ? '-' : `${(a / b).toFixed(2)}×`)
    }
    rows.push(row)
  }
  for (const t of ts) {
    for (const [m, v] of Object.entries(t.roundTrips)) rows.push([`round trips per ${m} (${t.label})`, String(v.perAuth)])
  }
  const widths = head.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)))
  const lines = rows.map((row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '))
  const m = r.machine
  const errs = ts.flatMap((t) => Object.entries(t.errorsByKind).map(([k, v]) => `  ${t.label}: ${k} × ${v}`))
  return [
    `nac-bench ${r.command}: ${m.nproc} CPUs (${m.cpuModel}), Node ${m.node}, commit ${m.commit}`,
    ...lines,
    ...(errs.length > 0 ? ['errors and timeouts by kind:', ...errs] : []),
  ].join('\n')
}
