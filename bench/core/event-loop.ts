// The target's event-loop delay while measured: its Prometheus endpoint (`--metrics-port`, the
// cluster's ops/telemetry/metrics.ts) exports `nac_event_loop_delay_p99_ms`, the p99 of
// node:perf_hooks monitorEventLoopDelay (resolution 10 ms) since the previous scrape, so one
// scrape a second gives one p99 per second. A scrape before each measured phase discards what
// the warm-up (or the other target's slice) left in the histogram.

export const EVENT_LOOP_METRIC = 'nac_event_loop_delay_p99_ms'

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
  /** Scrapes that failed (no answer within 900 ms, HTTP error, metric missing). */
  failedScrapes: number
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

  constructor(readonly url: string) {}

  private async scrape(): Promise<number | undefined> {
    try {
      const res = await fetch(this.url, { signal: AbortSignal.timeout(900) })
      if (!res.ok) return undefined
      return parsePromGauge(await res.text(), EVENT_LOOP_METRIC)
    } catch {
      return undefined
    }
  }

  /** Scrape and discard: the next sample covers only what follows. */
  async reset(): Promise<void> {
    await Promise.all(this.pending)
    await this.scrape()
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
    return {
      source: this.url, samples: [...this.samples].sort((a, b) => a.t - b.t),
      p99MaxMs: v.length === 0 ? null : Math.max(...v), p99MedianMs: med === null ? null : round3(med), failedScrapes: this.failedScrapes,
    }
  }
}
