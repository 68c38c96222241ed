// The harness against this cluster (the embedded default from dist/, started by the bench itself)
// over RadSec: every provisioned MAC accepted with VLAN 100, every unknown one rejected, and the
// JSON results carry every figure of the summary.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runBenchCli } from './bench-cli.js'

describe('bench harness against the cluster (MAB over RadSec)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cluster-test-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('accepts the known MACs, rejects the unknown, and writes the figures', async () => {
    // 50 clients, 4 in 5 known, 200 authentications: each client 4 times.
    const run = await runBenchCli(['run', '--target', 'cluster+radsec', '--clients', '50', '--known', '0.8', '--count', '200',
      '--concurrency', '8', '--nas', '2', '--warmup', '0', '--no-progress'], join(dir, 'out'))
    expect(run.code, run.stderr).toBe(0)
    const r = run.result()
    expect(r.command).toBe('run')
    expect(r.machine.nproc).toBeGreaterThan(0)
    expect(r.machine.node).toBe(process.version)
    expect(r.machine.commit).toMatch(/^[0-9a-f]{7,}$/)
    const t = r.targets[0]
    if (t === undefined) throw new Error('no target in results')
    expect(t.label).toBe('cluster+radsec')
    expect(t.counts).toEqual({ success: 160, reject: 40, timeout: 0, error: 0, total: 200 })
    expect(t.unexpected).toBe(0)
    for (const k of ['count', 'meanMs', 'p50Ms', 'p90Ms', 'p99Ms', 'p999Ms', 'maxMs'] as const) {
      expect(t.latency.auth[k]).toBeGreaterThan(0)
      expect(t.latency.round[k]).toBeGreaterThan(0)
    }
    expect(t.latency.auth.count).toBe(200)
    expect(t.roundTrips['mab']).toEqual({ auths: 200, rounds: 200, perAuth: 1 })
    // The node process and its nats-server child.
    expect(t.cpu.pids.length).toBeGreaterThanOrEqual(2)
    expect(t.cpu.targetMsPerAuth).toBeGreaterThan(0)
    expect(t.cpu.clientMsPerAuth).toBeGreaterThan(0)
    expect(t.throughputPerSec).toBeGreaterThan(0)
    expect(t.transportStats.reconnects).toBe(0)
    expect(t.histogram.counts.reduce((a, b) => a + b, 0)).toBe(200)
    expect(Array.isArray(t.series)).toBe(true)
  })
})
