// The summary's target CPU parts (bench/report/text-summary.ts): one indented row per part under
// "target CPU per auth", in run and in compare, '-' for a target without that part.
import { describe, expect, test } from 'vitest'
import type { RunResult, TargetResult } from '../../../bench/report/run-result.js'
import { textSummary } from '../../../bench/report/text-summary.js'

const latency = { count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0 }

function target(label: string, msPerAuth: number | null, parts: TargetResult['cpu']['targetParts']): TargetResult {
  return {
    label, transport: 'radsec', measuredSeconds: 1, throughputPerSec: 100,
    counts: { success: 100, reject: 0, timeout: 0, error: 0, total: 100 },
    unexpected: 0, errorsByKind: {}, latency: { auth: latency, round: latency }, roundTrips: {},
    cpu: { pids: parts === null ? [] : [1], targetMs: msPerAuth === null ? null : msPerAuth * 100, targetMsPerAuth: msPerAuth, targetParts: parts, clientMs: 0, clientMsPerAuth: 0 },
    transportStats: { sent: 100, retransmits: 0, badReplies: 0, reconnects: 0, connectFailures: 0 },
    eventLoop: null, series: [], histogram: { edgesMs: [], counts: [] },
  }
}

const cluster = target('cluster+radsec', 0.3, [
  { part: 'node main thread', ms: 20, msPerAuth: 0.2 },
  { part: 'nats-server', ms: 6, msPerAuth: 0.06 },
  { part: 'node other threads', ms: 4, msPerAuth: 0.04 },
])
const freeradius = target('freeradius+radsec', 0.1, [{ part: 'freeradius', ms: 10, msPerAuth: 0.1 }])

const result = (command: RunResult['command'], targets: TargetResult[]): RunResult => ({
  tool: 'nac-bench', command, startedAt: '2026-01-01T00:00:00Z',
  machine: { nproc: 2, cpuModel: 'test', node: 'v20', commit: 'abc' }, options: {}, targets,
})

/** The summary's lines from "target CPU per auth" to "target CPU total", cells split on runs of spaces. */
function cpuRows(text: string): string[][] {
  const lines = text.split('\n')
  const from = lines.findIndex((l) => l.startsWith('target CPU per auth'))
  const to = lines.findIndex((l) => l.startsWith('target CPU total'))
  return lines.slice(from, to).map((l) => {
    const [name = '', ...values] = l.trim().split(/ {2,}/)
    return [l.startsWith('  ') ? `  ${name}` : name, ...values]
  })
}

describe('summary rows of target CPU parts', () => {
  test('run: one indented row per part, most first, under target CPU per auth', () => {
    expect(cpuRows(textSummary(result('run', [cluster])))).toEqual([
      ['target CPU per auth', '0.300 ms'],
      ['  node main thread', '0.200 ms'],
      ['  nats-server', '0.060 ms'],
      ['  node other threads', '0.040 ms'],
    ])
  })

  test("compare: each part's figure per target, '-' where a target lacks it", () => {
    expect(cpuRows(textSummary(result('compare', [cluster, freeradius])))).toEqual([
      ['target CPU per auth', '0.300 ms', '0.100 ms', '3.00×'],
      ['  node main thread', '0.200 ms', '-', '-'],
      ['  nats-server', '0.060 ms', '-', '-'],
      ['  node other threads', '0.040 ms', '-', '-'],
      ['  freeradius', '-', '0.100 ms', '-'],
    ])
  })

  test('a target not measured locally has no part rows', () => {
    expect(cpuRows(textSummary(result('run', [target('udp://10.0.0.5:1812', null, null)])))).toEqual([
      ['target CPU per auth', '-'],
    ])
  })
})
