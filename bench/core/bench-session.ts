// One bench session: opens the NAS transports of each target, warms each target up (results
// discarded), then measures: `run` one target for its duration or count; `compare` alternates the
// targets in slices within one run, so both see the same machine state. A progress line goes to
// stderr every second; the result holds every figure of the summary.
import type { WeightedMix } from '../scenarios/registry.js'
import { machineInfo, targetResult, type RunResult } from '../report/run-result.js'
import type { RetryPolicy, RoundTripper, TransportStats } from '../transport/round-tripper.js'
import { emptyStats } from '../transport/round-tripper.js'
import { formatMs } from './duration.js'
import { EventLoopSampler } from './event-loop.js'
import { LoadDriver, type LoadMode } from './load-driver.js'
import type { SimClient } from './population.js'
import { Recorder } from './recorder.js'
import type { Target } from './target.js'

export interface SessionOptions {
  command: 'run' | 'compare'
  targets: readonly Target[]
  clients: readonly SimClient[]
  mix: WeightedMix
  mode: LoadMode
  nas: number
  policy: RetryPolicy
  warmupMs: number
  durationMs?: number
  count?: number
  /** compare: length of one slice. */
  sliceMs: number
  progress: boolean
  options: Record<string, unknown>
  log: (line: string) => void
}

function addStats(a: TransportStats, b: TransportStats): TransportStats {
  return { sent: a.sent + b.sent, retransmits: a.retransmits + b.retransmits, badReplies: a.badReplies + b.badReplies, reconnects: a.reconnects + b.reconnects, connectFailures: a.connectFailures + b.connectFailures }
}

export async function runSession(o: SessionOptions): Promise<RunResult> {
  const startedAt = new Date().toISOString()
  const opened: RoundTripper[][] = []
  try {
    const drivers: LoadDriver[] = []
    for (const t of o.targets) {
      const nas: RoundTripper[] = []
      opened.push(nas)
      for (let i = 0; i < o.nas; i++) nas.push(await t.openNas(i, o.policy))
      drivers.push(new LoadDriver(o.clients, nas, o.mix, o.mode, new Recorder(), () => t.pids()))
    }
    for (const [i, d] of drivers.entries()) {
      if (o.warmupMs <= 0) continue
      o.log(`warm-up ${formatMs(o.warmupMs)}: ${o.targets[i]?.label}`)
      await d.phase({ durationMs: o.warmupMs }, false)
    }
    // The target's event-loop delay p99, one scrape a second of the active target while measured.
    let active = 0
    const loops = o.targets.map((t) => (t.metricsUrl === undefined ? undefined : new EventLoopSampler(t.metricsUrl)))
    const measure = async (i: number, phase: () => Promise<void>): Promise<void> => {
      await loops[i]?.reset()
      active = i
      await phase()
      await loops[i]?.end()
    }
    const t0 = performance.now()
    const ticker = setInterval(() => {
      const d = drivers[active] as LoadDriver
      const s = d.recorder.tick((performance.now() - t0) / 1000)
      loops[active]?.sample(s.t)
      if (o.progress) {
        const c = d.recorder.counts
        const last = loops[active]?.samples.at(-1)
        process.stderr.write(`[${s.t.toFixed(0).padStart(4)} s] ${o.targets[active]?.label}: ${s.completed}/s  ok ${c.success} rej ${c.reject} timeout ${c.timeout} err ${c.error}  p99 ${formatMs(s.p99Ms)}${last === undefined ? '' : `  loop p99 ${formatMs(last.p99Ms)}`}\n`)
      }
    }, 1000)
    try {
      if (o.command === 'run' || drivers.length === 1) {
        await measure(0, () => (drivers[0] as LoadDriver).phase({ ...(o.durationMs === undefined ? {} : { durationMs: o.durationMs }), ...(o.count === undefined ? {} : { count: o.count }) }, true))
      } else {
        // Alternate slices until each target has had its duration (or count).
        const slices = o.durationMs !== undefined ? Math.max(1, Math.ceil(o.durationMs / o.sliceMs)) : Math.max(1, Math.ceil((o.count ?? 0) / 2000))
        for (let k = 0; k < slices; k++) {
          for (const [i, d] of drivers.entries()) {
            if (o.durationMs !== undefined) await measure(i, () => d.phase({ durationMs: Math.min(o.sliceMs, (o.durationMs ?? 0) - k * o.sliceMs) }, true))
            else {
              const per = Math.ceil((o.count ?? 0) / slices)
              await measure(i, () => d.phase({ count: Math.min(per, (o.count ?? 0) - k * per) }, true))
            }
          }
        }
      }
    } finally {
      clearInterval(ticker)
    }
    const eventLoops = await Promise.all(loops.map((l) => l?.figures()))
    const targets = o.targets.map((t, i) => {
      const d = drivers[i] as LoadDriver
      const stats = (opened[i] ?? []).map((n) => n.stats()).reduce(addStats, emptyStats())
      return targetResult(t.label, t.transport, d, t.pids(), stats, eventLoops[i] ?? null)
    })
    return { tool: 'nac-bench', command: o.command, startedAt, machine: machineInfo(), options: o.options, targets }
  } finally {
    for (const list of opened) for (const n of list) await n.close()
  }
}
