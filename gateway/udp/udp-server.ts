// RADIUS/UDP (RFC 2865 §3, RFC 2866 §3): authentication on 1812 and accounting on 1813 for the
// RADIUS clients of every org, found by source address. Unknown sources are silently discarded.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram'
import { isIPv6 } from 'node:net'
import type { Counters } from '../counters.js'
import { DedupCache } from '../dispatch/dedup-cache.js'
import type { NasContext, RequestHandler } from '../dispatch/request-handler.js'
import type { ClientTable } from '../clients/client-table.js'

export interface UdpServerOptions {
  host: string
  authPort: number
  acctPort: number
  handler: RequestHandler
  counters: Counters
  requireMessageAuthenticator: boolean
  clients(): ClientTable
  dedupTtlMs: number
}

// RFC 2865 §3: "The maximum packet size is 4096 octets"; larger datagrams are not RADIUS.
const MAX_PACKET = 4096

export class UdpServer {
  private readonly sockets: Socket[] = []
  private readonly dedup: DedupCache
  /** Each client's secret as bytes, made once per client entry of the current table (not per packet). */
  private readonly secrets = new WeakMap<object, Buffer>()

  constructor(private readonly o: UdpServerOptions) {
    this.dedup = new DedupCache(o.dedupTtlMs, 100_000)
  }

  async start(): Promise<{ authPort: number; acctPort: number }> {
    const auth = await this.bind(this.o.authPort, 'auth')
    const acct = await this.bind(this.o.acctPort, 'acct')
    return { authPort: auth, acctPort: acct }
  }

  private bind(port: number, service: 'auth' | 'acct'): Promise<number> {
    const socket = createSocket({ type: isIPv6(this.o.host) ? 'udp6' : 'udp4', reuseAddr: false })
    this.sockets.push(socket)
    socket.on('message', (msg, rinfo) => this.onMessage(socket, msg, rinfo, service))
    socket.on('error', () => this.o.counters.inc(`udp.${service}.socket_error`))
    return new Promise((resolve, reject) => {
      socket.once('error', reject)
      socket.bind(port, this.o.host, () => {
        socket.off('error', reject)
        resolve(socket.address().port)
      })
    })
  }

  private onMessage(socket: Socket, msg: Buffer, rinfo: RemoteInfo, service: 'auth' | 'acct'): void {
    const c = this.o.counters
    if (msg.length > MAX_PACKET) return c.inc('drop.udp.oversized')
    const client = this.o.clients().lookup(rinfo.address)
    if (client === undefined) return c.inc('drop.udp.unknown_client')
    let secret = this.secrets.get(client)
    if (secret === undefined) {
      secret = Buffer.from(client.secret, 'utf8')
      this.secrets.set(client, secret)
    }
    const nas: NasContext = {
      org: client.org,
      site: client.site,
      nasId: client.name,
      vendor: client.vendor,
      transport: 'udp',
      secret,
      requireMessageAuthenticator: this.o.requireMessageAuthenticator,
      service,
    }
    const prefix = `${service}:${rinfo.address}:${rinfo.port}`
    this.o.handler
      .handle(msg, nas, this.dedup, prefix, (reply) => socket.send(reply, rinfo.port, rinfo.address))
      .catch(() => c.inc('drop.udp.handler_error'))
  }

  async stop(): Promise<void> {
    await Promise.all(this.sockets.map((s) => new Promise<void>((r) => s.close(() => r()))))
    this.sockets.length = 0
  }
}
