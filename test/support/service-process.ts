// Starts a built nac-cluster process (dist/ops/cli/main.js) and waits for its JSON "ready" line.
// Stop it in afterAll/finally; kill() is the hard way (SIGKILL: a crashed node).
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const CLI = `${ROOT}dist/ops/cli/main.js`

export interface ServiceProcess {
  proc: ChildProcess
  ready: Record<string, unknown>
  output(): string
  /** Lines of JSON the process printed on stdout after it was ready. */
  lines(): Array<Record<string, unknown>>
  stop(): Promise<void>
  kill(): Promise<void>
}

export async function startService(args: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; readyKey?: string } = {}): Promise<ServiceProcess> {
  const proc = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NAC_LOG_LEVEL: 'warn', ...opts.env } })
  let out = ''
  let err = ''
  const json: Array<Record<string, unknown>> = []
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within ${opts.timeoutMs ?? 30_000} ms: ${args.join(' ')}\n${err}${out}`)), opts.timeoutMs ?? 30_000)
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      let nl: number
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl)
        out = out.slice(nl + 1)
        try {
          const v = JSON.parse(line) as Record<string, unknown>
          json.push(v)
          if (v[opts.readyKey ?? 'ready'] !== undefined) {
            clearTimeout(timer)
            resolve(v)
          }
        } catch {
          // not a JSON line (pino logs go to stdout too)
        }
      }
    })
    proc.stderr?.on('data', (d: Buffer) => { err = (err + d.toString()).slice(-20_000) })
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`exited ${code} before ready: ${args.join(' ')}\n${err}`)) })
  }).catch(async (e: unknown) => {
    proc.kill('SIGKILL')
    throw e
  })
  const stopWith = async (signal: NodeJS.Signals): Promise<void> => {
    if (proc.exitCode !== null || proc.signalCode !== null) return
    proc.kill(signal)
    const t = setTimeout(() => proc.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(t)
  }
  return { proc, ready, output: () => err, lines: () => json, stop: () => stopWith('SIGTERM'), kill: () => stopWith('SIGKILL') }
}

/** Asks the process for its counters (SIGUSR2) and waits for the JSON line it prints. */
export async function readCounters(svc: ServiceProcess): Promise<Record<string, number>> {
  const before = svc.lines().length
  svc.proc.kill('SIGUSR2')
  const until = Date.now() + 5000
  for (;;) {
    const line = svc.lines().slice(before).find((l) => l['counters'] !== undefined)
    if (line !== undefined) return line['counters'] as Record<string, number>
    if (Date.now() > until) throw new Error('no counters line')
    await new Promise((r) => setTimeout(r, 20))
  }
}
