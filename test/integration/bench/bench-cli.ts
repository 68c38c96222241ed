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
