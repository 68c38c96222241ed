// The harness reads a started cluster's event-loop delay (nac_event_loop_delay_p99_ms on its
// --metrics-port) once a second while measuring, and reports the max and median of the
// per-second p99 in the summary, results.json and report.html.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runBenchCli } from './bench-cli.js'

describe('bench harness: the target\'s event-loop delay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-event-loop-test-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('scrapes the started cluster once a second and reports max and median of the p99', async () => {
    const out = join(dir, 'out')
    const run = await runBenchCli(['run', '--target', 'cluster+udp', '--clients', '20', '--duration', '3s', '--warmup', '0',
      '--concurrency', '4', '--nas', '1', '--no-progress'], out)
    expect(run.code, run.stderr).toBe(0)
    const loop = run.result().targets[0]?.eventLoop
    if (loop === undefined || loop === null) throw new Error('no eventLoop in results')
    expect(loop.source).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)
    expect(loop.failedScrapes).toBe(0)
    expect(loop.samples.length).toBeGreaterThanOrEqual(2)
    for (const s of loop.samples) expect(s.p99Ms).toBeGreaterThan(0)
    expect(loop.p99MaxMs).toBe(Math.max(...loop.samples.map((s) => s.p99Ms)))
    expect(loop.p99MedianMs).toBeGreaterThan(0)
    expect(loop.p99MedianMs).toBeLessThanOrEqual(loop.p99MaxMs as number)
    // The whole-phase p99 from the histogram: 3 s of a 10 ms timer is about 300 samples, each an
    // interval of at least 10 ms.
    expect(loop.phaseSamples).toBeGreaterThan(150)
    expect(loop.phaseSamples).toBeLessThan(400)
    expect(loop.p99PhaseMs).toBeGreaterThanOrEqual(10)
    expect(run.stdout).toMatch(/event-loop delay p99, measured phase +\d/)
    expect(run.stdout).toMatch(/event-loop delay p99, max of 1 s +\d/)
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('id="event-loop-delay"')
  })
})
