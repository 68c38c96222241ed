// A loopback port free for both TCP and UDP, chosen by the kernel (for peers the bench starts).
import { createSocket } from 'node:dgram'
import { createServer } from 'node:net'

async function freeTcp(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address()
      const port = typeof a === 'object' && a !== null ? a.port : 0
      srv.close(() => resolve(port))
    })
  })
}

export async function freePort(): Promise<number> {
  for (;;) {
    const port = await freeTcp()
    const ok = await new Promise<boolean>((resolve) => {
      const s = createSocket('udp4')
      s.once('error', () => resolve(false))
      s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)))
    })
    if (ok) return port
  }
}
