// CPU time of the target's processes when they run on this machine: utime + stime from
// /proc/<pid>/stat (proc(5), fields 14 and 15, in clock ticks), summed over the given processes.
// A process tree (the embedded cluster and its nats-server child) is expanded from its root.
// By part: one per process name (comm), a node process split into its main thread
// (/proc/<pid>/task/<pid>/stat) and the rest, since Node 20 leaves all its threads named "node".
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'

let ticksPerSecond: number | undefined
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try { ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100 } catch { ticksPerSecond = 100 }
  }
  return ticksPerSecond
}

interface Stat { ppid: number; ticks: number; comm: string }

function readStat(pid: number, tid?: number): Stat | undefined {
  try {
    const s = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8')
    // comm may hold spaces and parentheses: fields start after the last ')'.
    const close = s.lastIndexOf(')')
    const f = s.slice(close + 2).split(' ')
    // f[0] is field 3 (state): field n is f[n - 3].
    return { comm: s.slice(s.indexOf('(') + 1, close), ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) }
  } catch {
    return undefined
  }
}

export const NODE_MAIN_THREAD = 'node main thread'
export const NODE_OTHER_THREADS = 'node other threads'

/**
 * CPU milliseconds used so far by these processes, by part: the process name (comm), or for a
 * `node` process its main thread and its other threads (workers, V8 GC and compiler, libuv pool,
 * and threads that have exited). Processes of the same part are summed; a process that is gone
 * has no share.
 */
export function cpuMsByPart(pids: readonly number[]): Map<string, number> {
  const ticks = new Map<string, number>()
  const add = (part: string, t: number): void => { ticks.set(part, (ticks.get(part) ?? 0) + t) }
  for (const pid of pids) {
    // The main thread first: the process total read after it includes at least as much, so the
    // other threads' share is never negative.
    const main = readStat(pid, pid)
    const proc = readStat(pid)
    if (main === undefined || proc === undefined) continue
    if (proc.comm === 'node') {
      add(NODE_MAIN_THREAD, main.ticks)
      add(NODE_OTHER_THREADS, proc.ticks - main.ticks)
    } else {
      add(proc.comm, proc.ticks)
    }
  }
  const perTick = 1000 / clockTicks()
  return new Map([...ticks].map(([part, t]) => [part, t * perTick]))
}

/** CPU milliseconds used so far by these processes (a process that is gone counts as 0). */
export function cpuMs(pids: readonly number[]): number {
  let total = 0
  for (const ms of cpuMsByPart(pids).values()) total += ms
  return total
}

function allPids(): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number)
}

/** A process and all its descendants. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>()
  for (const pid of allPids()) {
    const st = readStat(pid)
    if (st === undefined) continue
    const list = children.get(st.ppid) ?? []
    list.push(pid)
    children.set(st.ppid, list)
  }
  const out: number[] = []
  const walk = (p: number): void => { out.push(p); for (const c of children.get(p) ?? []) walk(c) }
  walk(root)
  return out
}

/** Processes whose name is one of `names` (as pgrep -x), except this harness and its ancestors. */
export function pidsByName(names: readonly string[]): number[] {
  const mine = new Set<number>()
  for (let p: number | undefined = process.pid; p !== undefined && p > 1; p = readStat(p)?.ppid) mine.add(p)
  for (const p of processTree(process.pid)) mine.add(p)
  return allPids().filter((pid) => !mine.has(pid) && names.includes(readStat(pid)?.comm ?? ''))
}

/** CPU this harness has used, ms (its own load on a shared machine). */
export function selfCpuMs(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
