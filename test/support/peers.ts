// Real peers from Debian packages (radclient, radsecproxy). A missing peer is a failure, never a
// silent pass (STYLE.md): requirePeer throws with the package to install.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'

export function requirePeer(bin: string, pkg: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).trim()
  } catch {
    throw new Error(`${bin} not found: install the Debian package ${pkg} (ops/bin/setup-and-test.sh does)`)
  }
}

export interface RadclientResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs radclient with attribute lines on stdin, as the README shows. */
export function radclient(target: string, command: 'auth' | 'acct' | 'status', secret: string, attributes: string, extra: string[] = []): Promise<RadclientResult> {
  return new Promise((resolve) => {
    const p = spawn('radclient', ['-x', '-r', '2', '-t', '2', ...extra, target, command, secret], { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    p.on('close', (code) => resolve({ code, stdout, stderr }))
    p.stdin.end(attributes)
  })
}

export interface Radsecproxy {
  proc: ChildProcess
  log(): string
  stop(): Promise<void>
}

/** radsecproxy in the foreground (-f logs to stderr) with the given configuration file. */
export async function startRadsecproxy(conf: string, waitFor: RegExp, timeoutMs = 15_000): Promise<Radsecproxy> {
  const proc = spawn('radsecproxy', ['-f', '-d', '5', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  const exited = new Promise<void>((r) => proc.once('exit', () => r()))
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`radsecproxy did not log ${waitFor}:\n${log}`)), timeoutMs)
    const on = (d: Buffer): void => {
      log += d.toString()
      if (waitFor.test(log)) { clearTimeout(t); resolve() }
    }
    proc.stdout.on('data', on)
    proc.stderr.on('data', on)
    proc.once('exit', (code) => { clearTimeout(t); reject(new Error(`radsecproxy exited ${code}:\n${log}`)) })
  }).catch((e: unknown) => { proc.kill('SIGKILL'); throw e })
  return {
    proc,
    log: () => log,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return
      proc.kill('SIGTERM')
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(t)
    },
  }
}
