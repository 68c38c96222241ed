// What the process commands share: a port/count option parser, a graceful stop on SIGINT/SIGTERM,
// and the counters line on SIGUSR2.
import { InvalidArgumentError } from 'commander'

export const int = (v: string): number => {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('not a port or count')
  return n
}

export function onSignals(stop: () => Promise<void>): void {
  let stopping = false
  const handler = (): void => {
    if (stopping) return
    stopping = true
    stop().then(() => process.exit(0), () => process.exit(1))
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
}

/** SIGUSR2 prints the counters as one JSON line: for operators, and for tests that count drops. */
export function printCountersOnSignal(counters: () => Record<string, number>): void {
  process.on('SIGUSR2', () => process.stdout.write(`${JSON.stringify({ counters: counters() })}\n`))
}
