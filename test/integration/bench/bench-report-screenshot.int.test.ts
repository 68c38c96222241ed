// The HTML report opens in headless Chromium and shows its plots: a screenshot is taken, and the
// DOM Chromium renders holds both SVG plots with their series.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { requirePeer } from '../../support/peers.js'
import { runBenchCli } from './bench-cli.js'

const exec = promisify(execFile)

function chromiumArgs(profile: string): string[] {
  return ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`]
}

describe('bench HTML report in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-report-test-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('renders the latency-over-time and histogram plots', async () => {
    requirePeer('chromium', 'chromium (bench/peers/install.sh)')
    requirePeer('freeradius', 'freeradius (bench/peers/install.sh)')
    const out = join(dir, 'out')
    const run = await runBenchCli(['run', '--target', 'freeradius+udp', '--duration', '3s', '--warmup', '0', '--concurrency', '8', '--clients', '200', '--no-progress'], out)
    expect(run.code, run.stderr).toBe(0)
    const report = join(out, 'report.html')
    const png = join(dir, 'report.png')

    await exec('chromium', [...chromiumArgs(join(dir, 'profile-1')), `--screenshot=${png}`, '--window-size=1200,900', `file://${report}`], { timeout: 60_000 })
    expect(existsSync(png)).toBe(true)
    expect(statSync(png).size).toBeGreaterThan(20_000)
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG')

    const { stdout: dom } = await exec('chromium', [...chromiumArgs(join(dir, 'profile-2')), '--dump-dom', `file://${report}`], { timeout: 60_000, maxBuffer: 32 << 20 })
    expect(dom).toMatch(/<svg id="latency-over-time"/)
    expect(dom).toMatch(/<svg id="latency-histogram"/)
    expect((dom.match(/<polyline class="series p50"[^>]* points="[\d.]+,[\d.]+ [\d.]+,/g) ?? []).length).toBe(1)
    expect((dom.match(/<rect class="bar"/g) ?? []).length).toBeGreaterThan(2)
    expect(dom).toMatch(/throughput \(auth\/s\)/)
  })
})
