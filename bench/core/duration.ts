// Durations and rates on the bench command line: "30s", "500ms", "2m", "1h"; "200/s" or "200".
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const

/** Parses "30s", "500ms", "2m", "1.5s" or a bare number of seconds into milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim())
  if (m === null) throw new Error(`not a duration: ${text} (examples: 30s, 500ms, 2m)`)
  const unit = (m[2] ?? 's') as keyof typeof UNIT_MS
  return Math.round(Number(m[1]) * UNIT_MS[unit])
}

/** Parses a target rate "200/s", "200" (per second) or "12000/m" into requests per second. */
export function parseRate(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(?:\/(s|m))?$/.exec(text.trim())
  if (m === null) throw new Error(`not a rate: ${text} (examples: 200/s, 500)`)
  const n = Number(m[1])
  if (n <= 0) throw new Error(`rate must be positive: ${text}`)
  return m[2] === 'm' ? n / 60 : n
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`
}
