// Starts FreeRADIUS (Debian's freeradius, 3.2) as the bench's side-by-side peer: its own config
// directory, free ports, in the foreground (-f) logging to stdout (-l stdout), so the bench owns
// the process, measures its CPU and stops it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../free-port.js'
import { startPeerProcess, type PeerProcess } from '../peer-process.js'
import { writeFreeradiusConfig } from './freeradius-config.js'
import type { EapServerOptions } from './freeradius-eap-config.js'

export interface FreeradiusPeer {
  host: string
  udpPort: number
  tlsPort: number
  pid: number
  dir: string
  process: PeerProcess
  stop(): Promise<void>
}

export interface FreeradiusPeerOptions {
  udpSecret: string
  tls: { certFile: string; keyFile: string; clientCaFile: string }
  knownMacs: readonly string[]
  eap?: EapServerOptions
}

export async function startFreeradius(o: FreeradiusPeerOptions): Promise<FreeradiusPeer> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-freeradius-'))
  const host = '127.0.0.1'
  const udpPort = await freePort()
  const tlsPort = await freePort()
  writeFreeradiusConfig({ dir, host, udpPort, tlsPort, udpSecret: o.udpSecret, tls: o.tls, knownMacs: o.knownMacs, ...(o.eap === undefined ? {} : { eap: o.eap }) })
  let proc: PeerProcess
  try {
    proc = await startPeerProcess('freeradius', ['-f', '-l', 'stdout', '-d', dir], /Ready to process requests/, 20_000)
  } catch (e) {
    rmSync(dir, { recursive: true, force: true })
    throw e
  }
  return {
    host, udpPort, tlsPort, pid: proc.pid, dir, process: proc,
    async stop() {
      await proc.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
