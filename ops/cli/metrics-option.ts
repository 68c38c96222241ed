// `--metrics-port`: where a process serves Prometheus metrics (off unless given, so that several
// processes on one host never fight over a default port).
import type { Command } from 'commander'
import { startMetrics, type MetricSource, type MetricsServer } from '../telemetry/metrics.js'

export function metricsOption(cmd: Command): Command {
  return cmd.option('--metrics-port <port>', 'serve Prometheus metrics on http://<host>:<port>/metrics', (v) => Number(v))
}

export async function maybeStartMetrics(port: number | undefined, host: string, service: string, sources: MetricSource[]): Promise<MetricsServer | undefined> {
  if (port === undefined) return undefined
  const m = await startMetrics({ host, port, service, sources })
  process.stdout.write(`${JSON.stringify({ metrics: m.url })}\n`)
  return m
}
