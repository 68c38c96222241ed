// The embedded nats-server does not outlive its parent: a process that starts it and then dies of
// an uncaught error leaves no nats-server behind (one did, holding its port, after a bench run whose
// cluster crashed at start-up).
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { freeTcpPort } from '../../support/free-port.js'

const ROOT = join(import.meta.dirname, '..', '..', '..')

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('embedded nats-server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nac-embedded-exit-'))
  let childPid: number | undefined
  afterAll(() => {
    if (childPid !== undefined && alive(childPid)) process.kill(childPid, 'SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  it('is stopped when its parent dies of an uncaught error', async () => {
    const port = await freeTcpPort()
    const script = `
      import { startEmbeddedNats } from ${JSON.stringify(join(ROOT, 'ops', 'nats', 'embedded-nats.ts'))}
      await startEmbeddedNats({ dataDir: ${JSON.stringify(dir)}, host: '127.0.0.1', port: ${port} })
      const { execFileSync } = await import('node:child_process')
      process.stdout.write(execFileSync('pgrep', ['-P', String(process.pid), 'nats-server']).toString().trim() + '\\n')
      setTimeout(() => { throw new Error('crash on purpose') }, 50)
    `
    const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    p.stdout.on('data', (d: Buffer) => { out += d.toString() })
    p.stderr.on('data', (d: Buffer) => { err += d.toString() })
    const code = await new Promise<number | null>((resolve) => p.once('exit', (c) => resolve(c)))
    childPid = Number(out.trim().split('\n')[0])
    expect(err).toContain('crash on purpose')
    expect(code).not.toBe(0)
    expect(Number.isInteger(childPid) && childPid > 0, `child pid from: ${out}`).toBe(true)
    // nats-server shuts down on SIGTERM within a moment (it flushes JetStream first).
    const deadline = Date.now() + 10_000
    while (alive(childPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(alive(childPid)).toBe(false)
  })
})
