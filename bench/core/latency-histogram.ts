// Latency histograms: HDR (hdr-histogram-js, 3 significant digits, microseconds) for the
// percentiles, plus coarse log-spaced buckets kept beside it for the report's histogram plot.
import { build, type Histogram } from 'hdr-histogram-js'

export interface LatencyFigures {
  count: number
  meanMs: number
  p50Ms: number
  p90Ms: number
  p99Ms: number
  p999Ms: number
  maxMs: number
}

/** Plot buckets: 10 per decade from 10 µs to 100 s. */
export const PLOT_BUCKET_EDGES_MS: readonly number[] = Array.from({ length: 71 }, (_, i) => 0.01 * 10 ** (i / 10))

export class LatencyHistogram {
  private readonly h: Histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 })
  readonly buckets = new Array<number>(PLOT_BUCKET_EDGES_MS.length).fill(0)

  record(ms: number): void {
    this.h.recordValue(Math.max(1, Math.round(ms * 1000)))
    const i = Math.min(PLOT_BUCKET_EDGES_MS.length - 1, Math.max(0, Math.floor(Math.log10(Math.max(ms, 0.01) / 0.01) * 10)))
    this.buckets[i] = (this.buckets[i] ?? 0) + 1
  }

  get count(): number {
    return this.h.totalCount
  }

  percentileMs(p: number): number {
    return this.h.totalCount === 0 ? 0 : this.h.getValueAtPercentile(p) / 1000
  }

  reset(): void {
    this.h.reset()
    this.buckets.fill(0)
  }

  figures(): LatencyFigures {
    const r = (x: number): number => Math.round(x * 1000) / 1000
    return {
      count: this.h.totalCount,
      meanMs: r(this.h.totalCount === 0 ? 0 : this.h.mean / 1000),
      p50Ms: r(this.percentileMs(50)),
      p90Ms: r(this.percentileMs(90)),
      p99Ms: r(this.percentileMs(99)),
      p999Ms: r(this.percentileMs(99.9)),
      maxMs: r(this.h.totalCount === 0 ? 0 : this.h.maxValue / 1000),
    }
  }
}
