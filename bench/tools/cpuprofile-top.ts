// Summarises a V8 CPU profile (node --cpu-prof): top functions by self time, and self time by
// package or project folder, so a README can name the measured bottleneck; and the busy stretches
// of the thread (consecutive non-idle samples) of at least <long> ms, which are what delays the
// event loop, with the functions and the project frames on the stack during them.
// Usage: npx tsx bench/tools/cpuprofile-top.ts <file.cpuprofile> [top=25] [long=10]
import { readFileSync } from 'node:fs'

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
interface Profile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

/** Where a function lives: an npm package, a project folder, node's own code, or V8/native. */
export function area(url: string): string {
  if (url === '') return '(native / V8)'
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (nm !== null) return `npm:${nm[1]}`
  if (url.startsWith('node:')) return url.split('/')[0] ?? url
  const proj = /\/dist\/([^/]+\/[^/]+)\//.exec(url)
  if (proj !== null) return proj[1] as string
  return url
}

export function summarise(p: Profile, top: number): string {
  const totalUs = p.endTime - p.startTime
  const selfUs = new Map<number, number>()
  for (let i = 0; i < p.samples.length; i++) selfUs.set(p.samples[i] as number, (selfUs.get(p.samples[i] as number) ?? 0) + (p.timeDeltas[i] ?? 0))
  const byFn = new Map<string, number>()
  const byArea = new Map<string, number>()
  for (const n of p.nodes) {
    const us = selfUs.get(n.id) ?? 0
    if (us === 0) continue
    const f = n.callFrame
    const key = `${f.functionName || '(anonymous)'}  ${f.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${f.lineNumber + 1}`
    byFn.set(key, (byFn.get(key) ?? 0) + us)
    if (f.functionName !== '(idle)') byArea.set(area(f.url), (byArea.get(area(f.url)) ?? 0) + us)
  }
  const sampled = [...selfUs.values()].reduce((a, b) => a + b, 0)
  const idle = [...byFn].filter(([k]) => k.startsWith('(idle)')).reduce((a, [, v]) => a + v, 0)
  const busy = sampled - idle
  const pct = (us: number): string => `${((100 * us) / busy).toFixed(1).padStart(5)}%`
  const lines = [`profile ${(totalUs / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(2)} s (idle excluded); shares of busy time`, '', 'by area:']
  for (const [k, v] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`  ${pct(v)}  ${k}`)
  lines.push('', `top ${top} functions by self time:`)
  for (const [k, v] of [...byFn].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(v)}  ${k}`)
  // Native frames have no file: name the JavaScript that called them.
  const parent = new Map<number, ProfileNode>()
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n)
  const natives = [...byFn].filter(([k]) => / :0$/.test(k) && !k.startsWith('(')).sort((a, b) => b[1] - a[1]).slice(0, 3)
  for (const [k] of natives) {
    const callers = new Map<string, number>()
    for (const n of p.nodes) {
      const f = n.callFrame
      if (`${f.functionName || '(anonymous)'}  ${f.url}:${f.lineNumber + 1}` !== k) continue
      // Walk up to the first caller that lives in the project or a package (not node internals).
      let up = parent.get(n.id)
      while (up !== undefined && (up.callFrame.url === '' || up.callFrame.url.startsWith('node:'))) up = parent.get(up.id)
      const ck = up === undefined ? '(root)' : `${up.callFrame.functionName || '(anonymous)'}  ${area(up.callFrame.url)}`
      callers.set(ck, (callers.get(ck) ?? 0) + (selfUs.get(n.id) ?? 0))
    }
    lines.push('', `callers of ${k.trim()} (first frame outside node internals):`)
    for (const [c, v] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, 6)) lines.push(`  ${pct(v)}  ${c}`)
  }
  return lines.join('\n')
}

/**
 * Busy stretches (consecutive samples outside "(idle)") of at least minMs: how many, the longest,
 * and within them the self time by function and the time each project frame (dist/, outside
 * node_modules) was on the stack, i.e. which operation kept the loop from turning.
 */
export function longTasks(p: Profile, minMs: number, top = 12): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const isIdle = (id: number): boolean => byId.get(id)?.callFrame.functionName === '(idle)'
  const stretches: Array<{ from: number; to: number; us: number }> = []
  let from = -1
  let us = 0
  for (let i = 0; i <= p.samples.length; i++) {
    const id = p.samples[i]
    if (id !== undefined && !isIdle(id)) {
      if (from < 0) { from = i; us = 0 }
      us += p.timeDeltas[i + 1] ?? 0
      continue
    }
    if (from >= 0 && us >= minMs * 1000) stretches.push({ from, to: i, us })
    from = -1
  }
  const label = (n: ProfileNode): string => `${n.callFrame.functionName || '(anonymous)'}  ${n.callFrame.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`
  const self = new Map<string, number>()
  const onStack = new Map<string, number>()
  let total = 0
  for (const st of stretches) {
    for (let i = st.from; i < st.to; i++) {
      const d = p.timeDeltas[i + 1] ?? 0
      const n = byId.get(p.samples[i] as number)
      if (n === undefined) continue
      total += d
      self.set(label(n), (self.get(label(n)) ?? 0) + d)
      const seen = new Set<string>()
      for (let up: number | undefined = n.id; up !== undefined; up = parent.get(up)) {
        const f = byId.get(up) as ProfileNode
        if (!/\/dist\//.test(f.callFrame.url) || f.callFrame.url.includes('node_modules')) continue
        const k = label(f)
        if (!seen.has(k)) { seen.add(k); onStack.set(k, (onStack.get(k) ?? 0) + d) }
      }
    }
  }
  const pct = (v: number): string => `${((100 * v) / (total || 1)).toFixed(1).padStart(5)}%`
  const longest = [...stretches].sort((a, b) => b.us - a.us).slice(0, 5).map((s) => `${(s.us / 1000).toFixed(1)} ms`)
  const lines = [`busy stretches of at least ${minMs} ms: ${stretches.length}, ${(total / 1e6).toFixed(2)} s in all; longest ${longest.join(', ') || '-'}`]
  if (stretches.length === 0) return lines.join('\n')
  lines.push('', 'self time within them:')
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(v)}  ${k}`)
  lines.push('', 'project frames on the stack within them (inclusive):')
  for (const [k, v] of [...onStack].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(v)}  ${k}`)
  return lines.join('\n')
}

if (process.argv[1]?.endsWith('cpuprofile-top.ts') === true) {
  const file = process.argv[2]
  if (file === undefined) {
    process.stderr.write('usage: cpuprofile-top <file.cpuprofile> [top] [long-ms]\n')
    process.exit(2)
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
  process.stdout.write(`${summarise(profile, Number(process.argv[3] ?? 25))}\n\n${longTasks(profile, Number(process.argv[4] ?? 10))}\n`)
}
