// A peer the bench starts as a child process: waits until its output shows it is ready, keeps the
// tail of its output for error messages, and stops it (SIGTERM, then SIGKILL after 5 s).
import { spawn, type ChildProcess } from 'node:child_process'

export interface PeerProcess {
  proc: ChildProcess
  pid: number
  output(): string
  stop(): Promise<void>
}

export async function startPeerProcess(cmd: string, args: string[], ready: RegExp, timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<PeerProcess> {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  let out = ''
  const exited = new Promise<void>((r) => proc.once('exit', () => r()))
  const onData = (d: Buffer): void => { out = (out + d.toString()).slice(-50_000) }
  proc.stdout.on('data', onData)
  proc.stderr.on('data', onData)
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${cmd} not ready within ${timeoutMs} ms:\n${out.slice(-4000)}`)), timeoutMs)
    const check = (): void => { if (ready.test(out)) { clearTimeout(t); resolve() } }
    proc.stdout.on('data', check)
    proc.stderr.on('data', check)
    proc.once('error', (e) => { clearTimeout(t); reject(e) })
    proc.once('exit', (code) => { clearTimeout(t); reject(new Error(`${cmd} exited ${code} before ready:\n${out.slice(-4000)}`)) })
  }).catch((e: unknown) => { proc.kill('SIGKILL'); throw e })
  return {
    proc, pid: proc.pid as number, output: () => out,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return
      proc.kill('SIGTERM')
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(t)
    },
  }
}
