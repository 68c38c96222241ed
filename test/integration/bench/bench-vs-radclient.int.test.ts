// The harness against FreeRADIUS 3.2 (Debian's freeradius, started from bench/peers) for MAB over
// RADIUS/UDP: its success and reject counts agree with radclient's over the same MACs.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPopulation, dashedMac } from '../../../bench/core/population.js'
import { startFreeradius, type FreeradiusPeer } from '../../../bench/peers/freeradius/freeradius-peer.js'
import { makeOpensslPki } from '../../../bench/peers/openssl-pki.js'
import { requirePeer } from '../../support/peers.js'
import { runBenchCli } from './bench-cli.js'

const CLIENTS = 40
const population = buildPopulation(CLIENTS, 0.5)

function radclientCounts(port: number, macs: readonly string[]): Promise<{ accept: number; reject: number; out: string }> {
  const requests = macs.map((m) => `User-Name = "${m}", Calling-Station-Id = "${dashedMac(m)}", Service-Type = Call-Check, NAS-Port-Type = Ethernet, Message-Authenticator = 0x00`).join('\n\n')
  return new Promise((resolve) => {
    const p = spawn('radclient', ['-x', '-r', '2', '-t', '2', `127.0.0.1:${port}`, 'auth', 'testing123'], { stdio: ['pipe', 'pipe', 'pipe'] })
    let out = ''
    p.stdout.on('data', (d: Buffer) => { out += d.toString() })
    p.stderr.on('data', (d: Buffer) => { out += d.toString() })
    p.on('close', () => resolve({ accept: (out.match(/Received Access-Accept/g) ?? []).length, reject: (out.match(/Received Access-Reject/g) ?? []).length, out }))
    p.stdin.end(`${requests}\n`)
  })
}

describe('bench harness against FreeRADIUS (MAB over UDP)', () => {
  let dir: string
  let fr: FreeradiusPeer

  beforeAll(async () => {
    requirePeer('freeradius', 'freeradius (bench/peers/install.sh)')
    requirePeer('radclient', 'freeradius-utils')
    dir = mkdtempSync(join(tmpdir(), 'bench-fr-test-'))
    const pki = makeOpensslPki(dir)
    fr = await startFreeradius({
      udpSecret: 'testing123', knownMacs: population.filter((c) => c.known).map((c) => c.mac),
      tls: { certFile: pki.serverCertFile, keyFile: pki.serverKeyFile, clientCaFile: pki.caFile },
    })
  })

  afterAll(async () => {
    await fr?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('counts the same accepts and rejects as radclient', async () => {
    const run = await runBenchCli(['run', '--target', `udp://127.0.0.1:${fr.udpPort}`, '--secret', 'testing123',
      '--clients', String(CLIENTS), '--known', '0.5', '--count', String(CLIENTS), '--concurrency', '4', '--nas', '2', '--warmup', '0',
      '--target-pids', String(fr.pid), '--no-progress'], join(dir, 'out'))
    expect(run.code, run.stderr).toBe(0)
    const t = run.result().targets[0]
    if (t === undefined) throw new Error('no target in results')

    const rc = await radclientCounts(fr.udpPort, population.map((c) => c.mac))
    expect(rc.accept + rc.reject, rc.out).toBe(CLIENTS)
    expect(t.counts.success).toBe(rc.accept)
    expect(t.counts.reject).toBe(rc.reject)
    expect(t.counts.success).toBe(CLIENTS / 2)
    expect(t.counts.timeout + t.counts.error).toBe(0)
    expect(t.unexpected).toBe(0)
    expect(t.cpu.targetMsPerAuth).not.toBeNull()
    expect(run.stdout).toMatch(/throughput \(auth\/s\)/)
  })
})
