// Metrics for SREs: an OpenTelemetry meter read by the Prometheus exporter on /metrics. Every
// counter a part keeps (gateway drops by reason, actor outcomes, runtime and pool stats) is
// exported as one observable counter per source, labelled by counter name, so a new reason shows
// up without code here; the event-loop delay is a gauge, the number an actor node is judged on.
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks'
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { MeterProvider } from '@opentelemetry/sdk-metrics'

export const EVENT_LOOP_HISTOGRAM = 'nac_event_loop_delay_ms'
/** Fine around the 20 ms goal (issue 4), coarse beyond. */
export const EVENT_LOOP_BUCKETS_MS = [10, 10.5, 11, 11.5, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 24, 26, 28, 30, 35, 40, 50, 60, 80, 100, 150, 200, 300, 500, 1000] as const

/** Something that keeps named counters (monotonic) and, optionally, gauges. */
export interface MetricSource {
  /** Metric name stem, e.g. "gateway" → nac_gateway_events_total{event="drop.decode.TOO_SHORT"}. */
  name: string
  counters(): Record<string, number>
  gauges?(): Record<string, number>
}

export interface MetricsServer {
  url: string
  stop(): Promise<void>
}

export async function startMetrics(o: { host: string; port: number; service: string; sources: MetricSource[] }): Promise<MetricsServer> {
  const exporter = new PrometheusExporter({ host: o.host, port: o.port, preventServerStart: true, withoutScopeInfo: true })
  const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': o.service }), readers: [exporter] })
  const meter = provider.getMeter('nac-cluster')
  for (const src of o.sources) {
    meter.createObservableCounter(`nac_${src.name}_events`, { description: `${src.name} counters by name` })
      .addCallback((r) => { for (const [event, v] of Object.entries(src.counters())) r.observe(v, { event }) })
    if (src.gauges !== undefined) {
      const gauges = src.gauges.bind(src)
      meter.createObservableGauge(`nac_${src.name}_state`, { description: `${src.name} gauges by name` })
        .addCallback((r) => { for (const [name, v] of Object.entries(gauges())) r.observe(v, { name }) })
    }
  }
  const loop: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  meter.createObservableGauge('nac_event_loop_delay_p99_ms', { description: 'event-loop delay p99 since the last scrape' })
    .addCallback((r) => {
      r.observe(loop.percentile(99) / 1e6)
      loop.reset()
    })
  // The same delay as a Prometheus histogram, cumulative, so a reader can take the p99 of any
  // stretch from two scrapes (the bench: its whole measured phase) instead of only one per scrape.
  // A 10 ms interval timer records the interval it actually got, as monitorEventLoopDelay does
  // with its libuv timer: 10 ms on an idle loop, 10 ms plus the lateness otherwise.
  const delay = meter.createHistogram(EVENT_LOOP_HISTOGRAM, {
    description: 'event-loop delay: the interval a 10 ms timer got, ms',
    advice: { explicitBucketBoundaries: [...EVENT_LOOP_BUCKETS_MS] },
  })
  let last = performance.now()
  const sampler = setInterval(() => {
    const now = performance.now()
    delay.record(now - last)
    last = now
  }, 10)
  sampler.unref()
  await exporter.startServer()
  return {
    url: `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${o.port}/metrics`,
    async stop() {
      loop.disable()
      clearInterval(sampler)
      await exporter.stopServer()
      await provider.shutdown()
    },
  }
}
