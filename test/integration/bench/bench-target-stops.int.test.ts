// A target that stops mid-run: FreeRADIUS over RadSec is killed (SIGKILL) while the harness
// drives it. The run still ends at its duration plus one request budget, with a summary that
// counts the timeouts and the failed reconnections: never a hang.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildPopulation } from '../../../bench/core/population.js'
import { startFreeradius, type FreeradiusPeer } from '../../../bench/peers/freeradius/freeradius-peer.js'
import { makeOpensslPki } from '../../../bench/peers/openssl-pki.js'
import { requirePeer } from '../../support/peers.js'
import { runBenchCli } from './bench-cli.js'

describe('bench harness when the target stops mid-run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-stop-test-'))
  let fr: FreeradiusPeer | undefined
  afterAll(async () => {
    await fr?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('ends with a summary within duration + timeout, timeouts counted', async () => {
    requirePeer('freeradius', 'freeradius (bench/peers/install.sh)')
    const pki = makeOpensslPki(dir)
    const clients = buildPopulation(100, 1)
    fr = await startFreeradius({
      udpSecret: 'testing123', knownMacs: clients.map((c) => c.mac),
      tls: { certFile: pki.serverCertFile, keyFile: pki.serverKeyFile, clientCaFile: pki.caFile },
    })
    const durationS = 4
    const budgetS = 1 // --timeout 500ms, --retries 1
    const running = runBenchCli(['run', '--target', `radsec://127.0.0.1:${fr.tlsPort}`, '--cert', pki.nasCertFile, '--key', pki.nasKeyFile,
      '--ca', pki.caFile, '--pipeline', '1', '--nas', '4', '--concurrency', '4', '--clients', '100', '--known', '1',
      '--duration', `${durationS}s`, '--warmup', '0', '--timeout', '500ms', '--retries', '1'], join(dir, 'out'))
    // Kill it once the harness has been measuring for a while (tsx start-up takes under a second).
    await new Promise((r) => setTimeout(r, 2500))
    fr.process.proc.kill('SIGKILL')
    const run = await running
    expect(run.code, run.stderr).toBe(0)
    const t = run.result().targets[0]
    if (t === undefined) throw new Error('no target in results')
    expect(t.counts.success).toBeGreaterThan(0)
    expect(t.counts.timeout).toBeGreaterThan(0)
    expect(t.transportStats.connectFailures).toBeGreaterThan(0)
    expect(t.measuredSeconds).toBeLessThanOrEqual(durationS + budgetS + 0.5)
    expect(run.stdout).toMatch(/timeout\s+\d+/)
    expect(run.stdout).toMatch(/connect failures\s+[1-9]/)
    // Progress lines went on while the target was gone.
    expect(run.stderr).toMatch(/timeout [1-9]/)
  })
})
