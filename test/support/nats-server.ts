// A real nats-server (Debian package) with JetStream on a free loopback port, for integration
// tests. Never a mock (STYLE.md). Stop it in afterAll/finally: the process and its store go.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect as netConnect } from 'node:net'
import { freeTcpPort } from './free-port.js'

export interface NatsServer {
  url: string
  port: number
  storeDir: string
  /** The running process (a new one after restart). */
  readonly proc: ChildProcess
  /** Stop the process (SIGTERM, as an operator's restart does) and start it again on the same port and store. */
  restart(downMs?: number): Promise<void>
  stop(): Promise<void>
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs
  return new Promise((resolve, reject) => {
    const tryOnce = (): void => {
      const s = netConnect(port, '127.0.0.1')
      s.once('connect', () => { s.destroy(); resolve() })
      s.once('error', () => {
        s.destroy()
        if (Date.now() > until) reject(new Error(`nats-server did not listen on ${port}`))
        else setTimeout(tryOnce, 50)
      })
    }
    tryOnce()
  })
}

interface Running { proc: ChildProcess; exited: Promise<void> }

async function spawnServer(bin: string, conf: string, port: number): Promise<Running> {
  const proc = spawn(bin, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  proc.stderr?.on('data', (d: Buffer) => { stderr += d.toString() })
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
  try {
    await waitForPort(port, 10_000)
  } catch (err) {
    proc.kill('SIGKILL')
    throw new Error(`nats-server failed to start: ${stderr}`, { cause: err })
  }
  return { proc, exited }
}

async function stopServer(r: Running): Promise<void> {
  if (r.proc.exitCode === null && r.proc.signalCode === null) {
    r.proc.kill('SIGTERM')
    const timer = setTimeout(() => r.proc.kill('SIGKILL'), 5000)
    await r.exited
    clearTimeout(timer)
  }
}

export async function startNatsServer(opts: { bin?: string } = {}): Promise<NatsServer> {
  const port = await freeTcpPort()
  const storeDir = await mkdtemp(join(tmpdir(), 'nac-nats-'))
  const conf = join(storeDir, 'nats.conf')
  await writeFile(conf, `listen: 127.0.0.1:${port}\nhttp: 0\njetstream { store_dir: "${storeDir}/js", max_memory_store: 256MB, max_file_store: 16GB }\n`)
  const bin = opts.bin ?? 'nats-server'
  let running = await spawnServer(bin, conf, port)
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    get proc() {
      return running.proc
    },
    async restart(downMs = 0) {
      await stopServer(running)
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs))
      running = await spawnServer(bin, conf, port)
    },
    async stop() {
      await stopServer(running)
      await rm(storeDir, { recursive: true, force: true })
    },
  }
}
