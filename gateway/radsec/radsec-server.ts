// RadSec server (RFC 6614): RADIUS over mutually authenticated TLS 1.2/1.3 on TCP 2083. A bad
// packet is dropped and counted and the connection goes on serving the hundreds of clients it
// multiplexes; only an unframeable stream (a length outside 20..4096) closes that one connection,
// since the byte stream cannot be resynchronised. Idle connections stay open (RFC 6614 §2.6).
import { createServer, type SecureContextOptions, type Server, type TLSSocket } from 'node:tls'
import { RadSecFramer } from '../../proto/radius/index.js'
import type { Counters } from '../counters.js'
import { DedupCache } from '../dispatch/dedup-cache.js'
import type { NasContext, RequestHandler } from '../dispatch/request-handler.js'
import type { GatewaySnapshot } from '../gateway-config.js'
import { OrgAnchors } from './nas-authenticator.js'

export interface RadSecServerOptions {
  host: string
  port: number
  certPem: string
  keyPem: string
  handler: RequestHandler
  counters: Counters
  dedupTtlMs: number
  /** Requests one connection may have in flight; beyond it, packets are dropped (NAS retries). */
  maxInFlight: number
  vendorOf(org: string, site: string | undefined, nasId: string): string | undefined
}

// RFC 6614 §2.3: "the shared secret ... MUST be "radsec"" for RADIUS/TLS.
const RADSEC_SECRET = Buffer.from('radsec')

export class RadSecServer {
  private server: Server | undefined
  private anchors = new OrgAnchors([])
  private caPems: string[] = []
  private readonly sockets = new Set<TLSSocket>()
  private connSeq = 0

  constructor(private readonly o: RadSecServerOptions) {}

  /** New device CAs apply to new handshakes; established connections keep serving. */
  applyConfig(snapshot: GatewaySnapshot): void {
    this.anchors = new OrgAnchors(snapshot.orgs.values())
    this.caPems = [...snapshot.orgs.values()].map((o) => o.deviceCa).filter((p) => p !== '')
    this.server?.setSecureContext(this.contextOptions())
  }

  private contextOptions(): SecureContextOptions {
    return {
      cert: this.o.certPem,
      key: this.o.keyPem,
      // No CA yet means no NAS can authenticate; an empty list would fall back to Node's
      // public roots, which must never admit a NAS.
      ca: this.caPems.length > 0 ? this.caPems : [this.o.certPem],
      minVersion: 'TLSv1.2',
    }
  }

  async start(): Promise<number> {
    const server = createServer({ ...this.contextOptions(), requestCert: true, rejectUnauthorized: true })
    this.server = server
    server.on('secureConnection', (s) => this.onConnection(s))
    server.on('tlsClientError', () => this.o.counters.inc('radsec.handshake_failed'))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.o.port, this.o.host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    const addr = server.address()
    return typeof addr === 'object' && addr !== null ? addr.port : this.o.port
  }

  private onConnection(socket: TLSSocket): void {
    const c = this.o.counters
    const check = this.anchors.check(socket.getPeerCertificate(true), socket.getPeerX509Certificate())
    if (!check.ok) {
      c.inc(`radsec.refused.${check.reason}`)
      socket.destroy()
      return
    }
    c.inc('radsec.connections')
    this.sockets.add(socket)
    socket.setKeepAlive(true, 30_000)
    socket.setNoDelay(true)
    const { org, site, nasId } = check.nas
    const vendorOf = this.o.vendorOf
    const nas: NasContext = {
      org, site, nasId,
      // Read per request: a NAS registered or changed in the admin API applies to the connection
      // it already holds (a NAS keeps one RadSec connection for days, RFC 6614 §2.6).
      get vendor() { return vendorOf(org, site, nasId) },
      transport: 'radsec',
      secret: RADSEC_SECRET,
      // TLS authenticates every byte (RFC 6614 §2.3); a Message-Authenticator that is present
      // is still checked, and EAP requests still need one (RFC 3579 §3.2).
      requireMessageAuthenticator: false,
      service: 'both',
    }
    const framer = new RadSecFramer()
    const dedup = new DedupCache(this.o.dedupTtlMs, 10_000)
    const prefix = `c${++this.connSeq}`
    let inFlight = 0
    // Replies resolved in one go (a batch reply from the actor node) leave corked: one TLS record
    // and one write for all of them, flushed once the current microtasks have run.
    let corked = false
    const uncork = (): void => {
      corked = false
      socket.uncork()
    }
    const send = (reply: Buffer): void => {
      if (socket.destroyed) return
      if (!corked) {
        corked = true
        socket.cork()
        process.nextTick(uncork)
      }
      socket.write(reply)
    }
    socket.on('data', (chunk: Buffer) => {
      const { frames, error } = framer.push(chunk)
      for (const frame of frames) {
        if (inFlight >= this.o.maxInFlight) {
          c.inc('drop.radsec.overloaded')
          continue
        }
        inFlight++
        this.o.handler
          .handle(frame, nas, dedup, prefix, send)
          .catch(() => c.inc('drop.radsec.handler_error'))
          .finally(() => inFlight--)
      }
      if (error !== undefined) {
        c.inc(`radsec.closed.${error}`)
        socket.destroy()
      }
    })
    socket.on('error', () => c.inc('radsec.socket_error'))
    socket.on('close', () => this.sockets.delete(socket))
  }

  async stop(): Promise<void> {
    const server = this.server
    if (server === undefined) return
    for (const s of this.sockets) s.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    this.server = undefined
  }
}
