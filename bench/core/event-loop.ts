// The target's event-loop delay while measured: its Prometheus endpoint (`--metrics-port`, the
// cluster's ops/telemetry/metrics.ts) exports `nac_event_loop_delay_p99_ms`, the p99 of
// node:perf_hooks monitorEventLoopDelay (resolution 10 ms) since the previous scrape, so one
// scrape a second gives one p99 per second. A scrape before each measured phase discards what
// the warm-up (or the other target's slice) left in the histogram. The cluster also exports the
// delay as a cumulative histogram (`nac_event_loop_delay_ms_bucket`): its counts at the start and
// end of each measured phase give the p99 over all the phases of a target, the figure the 20 ms
// goal is about, beside the per-second ones.

export const EVENT_LOOP_METRIC = 'nac_event_loop_delay_p99_ms'
/** ops/telemetry/metrics.ts EVENT_LOOP_HISTOGRAM, as Prometheus exposes it. */
export const EVENT_LOOP_BUCKET_METRIC = 'nac_event_loop_delay_ms_bucket'

/** Cumulative bucket counts by upper bound (ms; Infinity for +Inf), ascending. */
export type Buckets = ReadonlyArray<{ le: number; count: number }>

export interface EventLoopSample {
  /** Seconds since the measurement started (same clock as the latency series). */
  t: number
  p99Ms: number
}

export interface EventLoopFigures {
  /** The scraped /metrics URL. */
  source: string
  /** Per-second p99 values scraped during the measured phase. */
  samples: EventLoopSample[]
  /** Max and median of the per-second p99 values (null: no sample). */
  p99MaxMs: number | null
  p99MedianMs: number | null
  /**
   * p99 of every delay sample of the measured phases (from the histogram's buckets, interpolated
   * within the bucket as Prometheus's histogram_quantile does); null when the target has no
   * histogram. `phaseSamples`: how many samples that is.
   */
  p99PhaseMs: number | null
  phaseSamples: number
  /** Scrapes that failed (no answer within 900 ms, HTTP error, metric missing). */
  failedScrapes: number
}

/** The buckets of a Prometheus histogram series in text exposition, or undefined without any. */
export function parsePromBuckets(text: string, bucketMetric: string): Buckets | undefined {
  const out: Array<{ le: number; count: number }> = []
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${bucketMetric}{`)) continue
    const m = /le="([^"]+)"\}\s+(\S+)/.exec(line)
    if (m === null) continue
    const le = m[1] === '+Inf' ? Infinity : Number(m[1])
    const count = Number(m[2])
    if (Number.isNaN(le) || !Number.isFinite(count)) continue
    out.push({ le, count })
  }
  return out.length === 0 ? undefined : out.sort((a, b) => a.le - b.le)
}

/** b - a, bucket by bucket (same bounds; a counter reset gives undefined). */
export function bucketDelta(a: Buckets, b: Buckets): Buckets | undefined {
  if (a.length !== b.length) return undefined
  const out = b.map((x, i) => ({ le: x.le, count: x.count - (a[i] as { count: number }).count }))
  return out.some((x, i) => x.le !== (a[i] as { le: number }).le || x.count < 0) ? undefined : out
}

/**
 * The q-quantile of cumulative buckets: the rank q·total falls in the first bucket whose count
 * reaches it, and is placed linearly between that bucket's lower and upper bound. A rank in the
 * +Inf bucket gives the highest finite bound (the value is beyond it).
 */
export function bucketQuantile(q: number, buckets: Buckets): number | null {
  const total = buckets.at(-1)?.count ?? 0
  if (total <= 0) return null
  const rank = q * total
  let prevLe = 0
  let prevCount = 0
  for (const b of buckets) {
    if (b.count >= rank) {
      if (b.le === Infinity) return prevLe
      const inBucket = b.count - prevCount
      return inBucket <= 0 ? b.le : prevLe + (b.le - prevLe) * ((rank - prevCount) / inBucket)
    }
    prevLe = b.le
    prevCount = b.count
  }
  return prevLe
}


/** The value of a metric in Prometheus text exposition (first series, any labels). */
export function parsePromGauge(text: string, name: string): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue
    const rest = line.slice(name.length)
    if (rest[0] !== ' ' && rest[0] !== '{') continue
    const value = rest.slice(rest[0] === '{' ? rest.indexOf('}') + 1 : 0).trim().split(/\s+/)[0]
    const v = Number(value)
    if (value !== undefined && value !== '' && Number.isFinite(v)) return v
  }
  return undefined
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000

export class EventLoopSampler {
  readonly samples: EventLoopSample[] = []
  failedScrapes = 0
  private pending = new Set<Promise<void>>()
  /** Buckets at the start of the phase now measured. */
  private phaseStart: Buckets | undefined
  /** Sum of the measured phases' bucket deltas. */
  private phases: Buckets | undefined
  private histogram = true

  constructor(readonly url: string) {}

  private async scrapeText(): Promise<string | undefined> {
    try {
      const res = await fetch(this.url, { signal: AbortSignal.timeout(900) })
      return res.ok ? await res.text() : undefined
    } catch {
      return undefined
    }
  }

  private async scrape(): Promise<number | undefined> {
    const text = await this.scrapeText()
    return text === undefined ? undefined : parsePromGauge(text, EVENT_LOOP_METRIC)
  }

  /** Scrape and discard: the next sample covers only what follows; a measured phase begins. */
  async reset(): Promise<void> {
    await Promise.all(this.pending)
    const text = await this.scrapeText()
    this.phaseStart = text === undefined ? undefined : parsePromBuckets(text, EVENT_LOOP_BUCKET_METRIC)
  }

  /** The measured phase ends: its histogram counts join the others'. */
  async end(): Promise<void> {
    const start = this.phaseStart
    this.phaseStart = undefined
    if (start === undefined) { this.histogram = false; return }
    const text = await this.scrapeText()
    const now = text === undefined ? undefined : parsePromBuckets(text, EVENT_LOOP_BUCKET_METRIC)
    const d = now === undefined ? undefined : bucketDelta(start, now)
    if (d === undefined) { this.histogram = false; return }
    this.phases = this.phases === undefined ? d : this.phases.map((b, i) => ({ le: b.le, count: b.count + (d[i]?.count ?? 0) }))
  }

  /** One scrape, recorded at time t once it answers (not awaited by the one-second ticker). */
  sample(t: number): void {
    const p = this.scrape().then((v) => {
      if (v === undefined) this.failedScrapes++
      else this.samples.push({ t: Math.round(t * 10) / 10, p99Ms: round3(v) })
    })
    this.pending.add(p)
    void p.finally(() => this.pending.delete(p))
  }

  async figures(): Promise<EventLoopFigures> {
    await Promise.all(this.pending)
    const v = this.samples.map((s) => s.p99Ms)
    const med = median(v)
    const whole = this.histogram && this.phases !== undefined ? bucketQuantile(0.99, this.phases) : null
    return {
      source: this.url, samples: [...this.samples].sort((a, b) => a.t - b.t),
      p99MaxMs: v.length === 0 ? null : Math.max(...v), p99MedianMs: med === null ? null : round3(med),
      p99PhaseMs: whole === null ? null : round3(whole), phaseSamples: this.histogram ? (this.phases?.at(-1)?.count ?? 0) : 0,
      failedScrapes: this.failedScrapes,
    }
  }
}
