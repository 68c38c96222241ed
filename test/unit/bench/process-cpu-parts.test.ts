// Target CPU by part (bench/core/process-cpu.ts) against real processes: a node child that spends
// CPU first in a worker thread and then on its main thread, and a sleep whose name holds spaces
// and parentheses. The child's own getrusage figures (process.cpuUsage) bound the parts' sum.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, test } from 'vitest'
import { cpuMs, cpuMsByPart, NODE_MAIN_THREAD, NODE_OTHER_THREADS } from '../../../bench/core/process-cpu.js'

// USER_HZ, the unit of /proc/<pid>/stat's utime and stime, is 100 on Linux.
const TICK_MS = 10
const BUSY_MS = 300

// The worker spins until the process has used BUSY_MS beyond its main thread (which waits
// meanwhile), and exits; then the main thread spins until it has used BUSY_MS itself. The exited
// worker's time stays in the process total (proc(5)), so it is in the other threads' share.
// Then it reports its CPU and answers each line on stdin with its CPU again.
const HELPERS = `
const { readFileSync } = require('node:fs')
const mainMs = () => {
  const s = readFileSync('/proc/self/task/' + process.pid + '/stat', 'utf8')
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ')
  return (Number(f[11]) + Number(f[12])) * ${TICK_MS}
}
const usageMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }
const spin = (done) => { while (!done()) for (let i = 0; i < 1e5; i++) Math.sqrt(i) }
`
const WORKER = `${HELPERS}
spin(() => usageMs() - mainMs() >= ${BUSY_MS})
require('node:worker_threads').parentPort.postMessage('done')
`
const CHILD = `${HELPERS}
const w = new (require('node:worker_threads').Worker)(${JSON.stringify(WORKER)}, { eval: true })
const exited = new Promise((resolve) => w.once('exit', resolve))
w.once('message', async () => {
  spin(() => mainMs() >= ${BUSY_MS})
  await exited
  require('node:readline').createInterface({ input: process.stdin }).on('line', () => process.stdout.write(usageMs() + '\\n'))
  process.stdout.write('ready ' + usageMs() + '\\n')
})
`

const children: ChildProcess[] = []
let dir: string | undefined

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

function started(c: ChildProcess): number {
  children.push(c)
  if (c.pid === undefined) throw new Error('child did not start')
  return c.pid
}

describe('target CPU by part', () => {
  test('a node process: main thread and other threads, summing to its total', async () => {
    const child = spawn(process.execPath, ['-e', CHILD], { stdio: ['pipe', 'pipe', 'inherit'] })
    const pid = started(child)
    if (child.stdout === null || child.stdin === null) throw new Error('no pipes')
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
    const first = await lines.next()
    const readyMs = Number(String(first.value).replace('ready ', ''))

    const parts = cpuMsByPart([pid])
    const total = cpuMs([pid])
    // The same part in several processes is summed (here the same process twice).
    const twice = cpuMsByPart([pid, pid])
    child.stdin.write('usage\n')
    const laterMs = Number((await lines.next()).value)

    expect([...parts.keys()].sort()).toEqual([NODE_MAIN_THREAD, NODE_OTHER_THREADS])
    const main = parts.get(NODE_MAIN_THREAD) ?? 0
    const other = parts.get(NODE_OTHER_THREADS) ?? 0
    expect(main).toBeGreaterThanOrEqual(BUSY_MS - TICK_MS)
    expect(other).toBeGreaterThanOrEqual(BUSY_MS - 2 * TICK_MS)
    const sum = main + other
    expect(Math.abs(sum - total)).toBeLessThanOrEqual(parts.size * TICK_MS)
    // The process total in /proc truncates utime and stime to ticks: up to two ticks below getrusage.
    expect(sum).toBeGreaterThanOrEqual(readyMs - 2 * TICK_MS)
    expect(sum).toBeLessThanOrEqual(laterMs + 2 * TICK_MS)

    const main2 = twice.get(NODE_MAIN_THREAD) ?? 0
    const other2 = twice.get(NODE_OTHER_THREADS) ?? 0
    expect(main2).toBeGreaterThanOrEqual(2 * main)
    expect(other2).toBeGreaterThanOrEqual(2 * other)
    expect(main2 + other2).toBeLessThanOrEqual(2 * (laterMs + 2 * TICK_MS))
  })

  test('another process is one part named by its comm, spaces and parentheses included', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cpu-parts-'))
    // comm is the base name of the executed path (proc(5)), a symlink's own name.
    const exe = join(dir, 'my (sleep) x')
    symlinkSync('/bin/sleep', exe)
    const child = spawn(exe, ['30'], { argv0: 'sleep', stdio: 'ignore' })
    const pid = started(child)
    await once(child, 'spawn')
    const parts = cpuMsByPart([pid])
    expect([...parts.keys()]).toEqual(['my (sleep) x'])
    expect(parts.get('my (sleep) x')).toBeGreaterThanOrEqual(0)
  })

  test('a process that is gone has no part and counts 0', async () => {
    const child = spawn('true', [], { stdio: 'ignore' })
    const pid = started(child)
    await once(child, 'exit')
    expect(cpuMsByPart([pid]).size).toBe(0)
    expect(cpuMs([pid])).toBe(0)
  })
})
