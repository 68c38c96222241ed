// The self-contained HTML report: figures table, latency over time and histogram, and the target's
// event-loop delay per second (when its metrics were read) as inline SVG.
// No scripts, no external resources: it opens from a file anywhere, and in headless Chromium.
import type { RunResult } from './run-result.js'
import { eventLoopSvg, latencyHistogramSvg, latencyOverTimeSvg } from './svg-plots.js'
import { textSummary } from './text-summary.js'

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string)

export function htmlReport(r: RunResult): string {
  const title = `nac-bench ${r.command}: ${r.targets.map((t) => t.label).join(' vs ')}`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;margin:24px;color:#111}pre{background:#f6f8fa;padding:12px;overflow:auto;font-size:12px}svg{display:block;margin:16px 0;max-width:100%;height:auto;border:1px solid #ddd}</style>
</head><body>
<h1>${esc(title)}</h1>
<p>Started ${esc(r.startedAt)}; ${r.machine.nproc} CPUs (${esc(r.machine.cpuModel)}), Node ${esc(r.machine.node)}, commit ${esc(r.machine.commit)}.</p>
${latencyOverTimeSvg(r.targets)}
${latencyHistogramSvg(r.targets)}
${eventLoopSvg(r.targets)}
<h2>Summary</h2>
<pre id="summary">${esc(textSummary(r))}</pre>
<h2>Options</h2>
<pre>${esc(JSON.stringify(r.options, null, 2))}</pre>
</body></html>
`
}
