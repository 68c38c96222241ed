// Runs the bench command line (bench/cli.ts through tsx) as a child process, as a load tester
// would, and reads what it wrote: results.json, the summary on stdout, progress on stderr.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RunResult } from '../../../bench/report/run-result.js'
import { ROOT } from '../../support/service-process.js'

export interface BenchRun {
  code: number | null
  stdout: string
  stderr: string
  wallMs: number
  result(): RunResult
}

export function runBenchCli(args: string[], out: string, timeoutMs = 90_000): Promise<BenchRun> {
  const t0 = Date.now()
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'bench', 'cli.ts'), ...args, '--out', out], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    const killer = setTimeout(() => p.kill('SIGKILL'), timeoutMs)
    p.on('close', (code) => {
      clearTimeout(killer)
      resolve({ code, stdout, stderr, wallMs: Date.now() - t0, result: () => JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResult })
    })
  })
}

/** One target's figures from a finished run (throws when the run wrote none). */
export function onlyTarget(run: BenchRun): RunResult['targets'][number] {
  const t = run.result().targets[0]
  if (t === undefined) throw new Error(`no target in results; stderr: ${run.stderr.slice(-2000)}`)
  return t
}

export interface AddressRun {
  port: number
  secret: string
  scenario: string
  /** The EAP server CA and, for EAP-TLS and PEAP-TLS, the client certificate and key. */
  ca: string
  cert?: string
  key?: string
  count: number
  clients?: number
  /** Closed loop (default 2). */
  concurrency?: number
  extra?: string[]
}

/** `run` against a RADIUS/UDP target by address, no warm-up, closed loop. */
export function runByAddress(o: AddressRun, out: string): Promise<BenchRun> {
  return runBenchCli(['run', '--target', `udp://127.0.0.1:${o.port}`, '--secret', o.secret, '--scenario', o.scenario, '--eap-ca', o.ca,
    ...(o.cert === undefined ? [] : ['--eap-cert', o.cert]), ...(o.key === undefined ? [] : ['--eap-key', o.key]),
    '--count', String(o.count), '--clients', String(o.clients ?? 1000), '--concurrency', String(o.concurrency ?? 2), '--nas', '2', '--warmup', '0', '--no-progress', ...(o.extra ?? [])], out)
}
