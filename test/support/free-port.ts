// A free TCP (or UDP) port on loopback, chosen by the kernel.
import { createServer } from 'node:net'
import { createSocket } from 'node:dgram'

export async function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })
}

/** A port free for both UDP and TCP, for services that listen on both. */
export async function freeUdpPort(): Promise<number> {
  for (;;) {
    const port = await freeTcpPort()
    const ok = await new Promise<boolean>((resolve) => {
      const s = createSocket('udp4')
      s.once('error', () => resolve(false))
      s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)))
    })
    if (ok) return port
  }
}
