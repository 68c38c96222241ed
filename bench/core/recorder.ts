// Collects the results of one target's measured authentications: outcome counts, latency per
// authentication and per round trip, round trips per method, and a one-second time series for
// the progress line and the latency-over-time plot. Warm-up results never reach it.
import type { AuthResult, Outcome } from '../scenarios/scenario.js'
import { LatencyHistogram, type LatencyFigures } from './latency-histogram.js'

export interface SecondSample {
  /** Seconds since the measurement started (for compare: since the first slice started). */
  t: number
  completed: number
  timeouts: number
  errors: number
  p50Ms: number
  p99Ms: number
  maxMs: number
}

export class Recorder {
  readonly counts: Record<Outcome, number> = { success: 0, reject: 0, timeout: 0, error: 0 }
  unexpected = 0
  readonly details = new Map<string, number>()
  readonly auth = new LatencyHistogram()
  readonly round = new LatencyHistogram()
  readonly methods = new Map<string, { auths: number; rounds: number }>()
  readonly series: SecondSample[] = []
  private readonly second = new LatencyHistogram()
  private secondCounts = { completed: 0, timeouts: 0, errors: 0 }
  /** Wall time measured (sum of slices), ms. */
  measuredMs = 0

  add(method: string, r: AuthResult, authMs: number): void {
    this.counts[r.outcome]++
    if (!r.expected && (r.outcome === 'success' || r.outcome === 'reject')) this.unexpected++
    if (r.outcome === 'timeout' || r.outcome === 'error') {
      const k = `${r.outcome}: ${r.detail ?? '-'}`
      this.details.set(k, (this.details.get(k) ?? 0) + 1)
      if (r.outcome === 'timeout') this.secondCounts.timeouts++
      else this.secondCounts.errors++
    } else {
      this.auth.record(authMs)
      this.second.record(authMs)
    }
    for (const l of r.roundLatenciesMs) this.round.record(l)
    // Round trips per method, and per variant apart (full and resumed EAP-TLS differ by design).
    const key = r.variant === undefined ? method : `${method}/${r.variant}`
    const m = this.methods.get(key) ?? { auths: 0, rounds: 0 }
    m.auths++
    m.rounds += r.rounds
    this.methods.set(key, m)
    this.secondCounts.completed++
  }

  get total(): number {
    return this.counts.success + this.counts.reject + this.counts.timeout + this.counts.error
  }

  get answered(): number {
    return this.counts.success + this.counts.reject
  }

  /** Closes the current one-second sample (called once a second while measuring). */
  tick(t: number): SecondSample {
    const s: SecondSample = {
      t: Math.round(t * 10) / 10, ...this.secondCounts,
      p50Ms: this.second.percentileMs(50), p99Ms: this.second.percentileMs(99), maxMs: this.second.percentileMs(100),
    }
    this.series.push(s)
    this.second.reset()
    this.secondCounts = { completed: 0, timeouts: 0, errors: 0 }
    return s
  }

  latency(): { auth: LatencyFigures; round: LatencyFigures } {
    return { auth: this.auth.figures(), round: this.round.figures() }
  }
}
