// The embedded default: a nats-server (Debian package) with JetStream started as a child process,
// its data under the project's data directory. Production points every process at a real cluster.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { connect as netConnect } from 'node:net'
import { join } from 'node:path'

export interface EmbeddedNats {
  url: string
  stop(): Promise<void>
}

function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = netConnect(port, host)
    s.once('connect', () => { s.destroy(); resolve(true) })
    s.once('error', () => { s.destroy(); resolve(false) })
  })
}

export async function startEmbeddedNats(opts: { dataDir: string; host: string; port: number; bin?: string }): Promise<EmbeddedNats> {
  if (await portOpen(opts.host, opts.port)) {
    throw new Error(`port ${opts.host}:${opts.port} is already in use: stop the other nats-server or pass --nats-port`)
  }
  const dir = join(opts.dataDir, 'nats')
  mkdirSync(dir, { recursive: true })
  const conf = join(dir, 'nats.conf')
  writeFileSync(conf, [
    `listen: ${opts.host}:${opts.port}`,
    `server_name: nac-embedded`,
    `jetstream { store_dir: "${join(dir, 'jetstream')}", max_memory_store: 256MB, max_file_store: 4GB }`,
    '',
  ].join('\n'))
  const proc: ChildProcess = spawn(opts.bin ?? 'nats-server', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  proc.stderr?.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000) })
  // The child must not outlive this process: a crash (an uncaught error ends the process through
  // its 'exit' event) would otherwise leave a nats-server holding the port and the store, and the
  // next start would refuse the port. 'exit' handlers run synchronously; kill() is a plain signal.
  // A SIGKILL of this process gives no such chance (Linux's PR_SET_PDEATHSIG is not reachable here).
  const killOnExit = (): void => { if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM') }
  process.once('exit', killOnExit)
  const exited = new Promise<void>((resolve) => proc.once('exit', () => { process.removeListener('exit', killOnExit); resolve() }))
  const spawnError = new Promise<never>((_, reject) => proc.once('error', (err) => reject(new Error(`cannot start nats-server (is the Debian package installed?): ${err.message}`, { cause: err }))))
  const deadline = Date.now() + 15_000
  for (;;) {
    if (await Promise.race([portOpen(opts.host, opts.port), spawnError])) break
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill('SIGKILL')
      throw new Error(`nats-server did not start: ${stderr}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url: `nats://${opts.host}:${opts.port}`,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return
      proc.kill('SIGTERM')
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(t)
    },
  }
}
