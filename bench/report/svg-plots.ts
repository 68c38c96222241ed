// Inline SVG plots for the HTML report, drawn by hand (no library, no CDN): latency over time
// (p50 and p99 per second, one colour per target) and the authentication latency histogram
// (log-spaced buckets, one series per target).
import type { TargetResult } from './run-result.js'

export const COLORS = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700'] as const

const W = 1000
const H = 320
const PAD = { l: 64, r: 16, t: 24, b: 44 }

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string)
const fmt = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2))

function niceMax(v: number): number {
  if (v <= 0) return 1
  const p = 10 ** Math.floor(Math.log10(v))
  return [1, 2, 5, 10].map((k) => k * p).find((x) => x >= v) ?? v
}

function frame(id: string, title: string, body: string, xLabel: string, yLabel: string, axes: string): string {
  return `<svg id="${id}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">
<rect x="0" y="0" width="${W}" height="${H}" fill="#fff"/>
<text x="${W / 2}" y="16" text-anchor="middle" font-size="14" font-family="sans-serif">${esc(title)}</text>
<line x1="${PAD.l}" y1="${H - PAD.b}" x2="${W - PAD.r}" y2="${H - PAD.b}" stroke="#444"/>
<line x1="${PAD.l}" y1="${PAD.t}" x2="${PAD.l}" y2="${H - PAD.b}" stroke="#444"/>
${axes}
<text x="${W / 2}" y="${H - 6}" text-anchor="middle" font-size="12" font-family="sans-serif">${esc(xLabel)}</text>
<text x="14" y="${H / 2}" text-anchor="middle" font-size="12" font-family="sans-serif" transform="rotate(-90 14 ${H / 2})">${esc(yLabel)}</text>
${body}
</svg>`
}

function legend(targets: readonly TargetResult[], extra: string[]): string {
  const items = targets.flatMap((t, i) => extra.map((e, j) => ({ text: `${t.label} ${e}`, color: COLORS[i % COLORS.length] as string, dash: j > 0 })))
  return items.map((it, k) => `<g transform="translate(${PAD.l + 10 + k * 230},${PAD.t + 6})"><line x1="0" y1="0" x2="24" y2="0" stroke="${it.color}" stroke-width="2"${it.dash ? ' stroke-dasharray="5 3"' : ''}/><text x="30" y="4" font-size="11" font-family="sans-serif">${esc(it.text)}</text></g>`).join('\n')
}

/** p50 (solid) and p99 (dashed) authentication latency for each second measured. */
export function latencyOverTimeSvg(targets: readonly TargetResult[]): string {
  const all = targets.flatMap((t) => t.series)
  const tMax = Math.max(1, ...all.map((s) => s.t))
  const yMax = niceMax(Math.max(0.1, ...all.map((s) => s.p99Ms)))
  const x = (t: number): number => PAD.l + (t / tMax) * (W - PAD.l - PAD.r)
  const y = (v: number): number => H - PAD.b - (Math.min(v, yMax) / yMax) * (H - PAD.t - PAD.b)
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => `<text x="${PAD.l - 6}" y="${y(f * yMax) + 4}" text-anchor="end" font-size="11" font-family="sans-serif">${fmt(f * yMax)}</text><line x1="${PAD.l}" y1="${y(f * yMax)}" x2="${W - PAD.r}" y2="${y(f * yMax)}" stroke="#eee"/>`).join('')
    + [0, 0.25, 0.5, 0.75, 1].map((f) => `<text x="${x(f * tMax)}" y="${H - PAD.b + 16}" text-anchor="middle" font-size="11" font-family="sans-serif">${fmt(f * tMax)}</text>`).join('')
  const lines = targets.map((t, i) => {
    const c = COLORS[i % COLORS.length] as string
    const pts = (k: 'p50Ms' | 'p99Ms'): string => t.series.filter((s) => s.completed > 0).map((s) => `${x(s.t).toFixed(1)},${y(s[k]).toFixed(1)}`).join(' ')
    return `<polyline class="series p50" fill="none" stroke="${c}" stroke-width="2" points="${pts('p50Ms')}"/>`
      + `<polyline class="series p99" fill="none" stroke="${c}" stroke-width="1.5" stroke-dasharray="5 3" points="${pts('p99Ms')}"/>`
  }).join('\n')
  return frame('latency-over-time', 'Authentication latency over time (per second)', lines + legend(targets, ['p50', 'p99']), 'seconds measured', 'ms', ticks)
}

/** Share of authentications per latency bucket (log-spaced), one bar group per bucket. */
export function latencyHistogramSvg(targets: readonly TargetResult[]): string {
  const edges = targets[0]?.histogram.edgesMs ?? []
  const used = edges.map((_, i) => targets.some((t) => (t.histogram.counts[i] ?? 0) > 0))
  let lo = used.indexOf(true)
  let hi = used.lastIndexOf(true)
  if (lo < 0) { lo = 0; hi = 0 }
  lo = Math.max(0, lo - 1)
  hi = Math.min(edges.length - 1, hi + 1)
  const nb = hi - lo + 1
  const shares = targets.map((t) => {
    const total = t.histogram.counts.reduce((a, b) => a + b, 0) || 1
    return t.histogram.counts.map((c) => c / total)
  })
  const yMax = niceMax(Math.max(0.01, ...shares.flat()))
  const bw = (W - PAD.l - PAD.r) / nb
  const y = (v: number): number => H - PAD.b - (v / yMax) * (H - PAD.t - PAD.b)
  const bars = targets.map((_, ti) => shares[ti]?.slice(lo, hi + 1).map((s, k) => {
    if (s === 0) return ''
    const w = bw / targets.length
    return `<rect class="bar" x="${(PAD.l + k * bw + ti * w).toFixed(1)}" y="${y(s).toFixed(1)}" width="${Math.max(1, w - 1).toFixed(1)}" height="${(H - PAD.b - y(s)).toFixed(1)}" fill="${COLORS[ti % COLORS.length]}"/>`
  }).join('') ?? '').join('\n')
  const xt = Array.from({ length: nb }, (_, k) => k).filter((k) => (lo + k) % 5 === 0)
    .map((k) => `<text x="${PAD.l + k * bw}" y="${H - PAD.b + 16}" text-anchor="middle" font-size="11" font-family="sans-serif">${fmt(edges[lo + k] ?? 0)}</text>`).join('')
  const yt = [0, 0.5, 1].map((f) => `<text x="${PAD.l - 6}" y="${y(f * yMax) + 4}" text-anchor="end" font-size="11" font-family="sans-serif">${(f * yMax * 100).toFixed(0)}%</text>`).join('')
  return frame('latency-histogram', 'Authentication latency histogram', bars + legend(targets, ['']), 'latency, ms (log scale)', 'share of authentications', xt + yt)
}

/** The target's event-loop delay p99 for each second measured, with the 20 ms line (issue 4's bound). */
export function eventLoopSvg(targets: readonly TargetResult[], limitMs = 20): string {
  const withLoop = targets.filter((t) => (t.eventLoop?.samples.length ?? 0) > 0)
  if (withLoop.length === 0) return ''
  const all = withLoop.flatMap((t) => t.eventLoop?.samples ?? [])
  const tMax = Math.max(1, ...all.map((s) => s.t))
  const yMax = niceMax(Math.max(limitMs * 1.2, ...all.map((s) => s.p99Ms)))
  const x = (t: number): number => PAD.l + (t / tMax) * (W - PAD.l - PAD.r)
  const y = (v: number): number => H - PAD.b - (Math.min(v, yMax) / yMax) * (H - PAD.t - PAD.b)
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => `<text x="${PAD.l - 6}" y="${y(f * yMax) + 4}" text-anchor="end" font-size="11" font-family="sans-serif">${fmt(f * yMax)}</text><line x1="${PAD.l}" y1="${y(f * yMax)}" x2="${W - PAD.r}" y2="${y(f * yMax)}" stroke="#eee"/>`).join('')
    + [0, 0.25, 0.5, 0.75, 1].map((f) => `<text x="${x(f * tMax)}" y="${H - PAD.b + 16}" text-anchor="middle" font-size="11" font-family="sans-serif">${fmt(f * tMax)}</text>`).join('')
  const limit = `<line class="limit" x1="${PAD.l}" y1="${y(limitMs)}" x2="${W - PAD.r}" y2="${y(limitMs)}" stroke="#888" stroke-dasharray="2 3"/><text x="${W - PAD.r - 4}" y="${y(limitMs) - 4}" text-anchor="end" font-size="11" font-family="sans-serif">${limitMs} ms</text>`
  const lines = withLoop.map((t, i) => {
    const c = COLORS[i % COLORS.length] as string
    const pts = (t.eventLoop?.samples ?? []).map((s) => `${x(s.t).toFixed(1)},${y(s.p99Ms).toFixed(1)}`).join(' ')
    return `<polyline class="series loop" fill="none" stroke="${c}" stroke-width="2" points="${pts}"/>`
  }).join('\n')
  return frame('event-loop-delay', "Target's event-loop delay p99 (per second, nac_event_loop_delay_p99_ms)", limit + lines + legend(withLoop, ['event-loop p99']), 'seconds measured', 'ms', ticks)
}
