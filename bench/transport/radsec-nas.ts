// A simulated NAS over RadSec (RFC 6614): one long-lived mutual-TLS connection with the NAS's
// certificate, shared secret "radsec" (§2.3), packets framed by their Length (§2.5). A lost
// connection is detected (close/error), counted, and opened again with exponential backoff;
// requests written on it are resent on the next connection if their budget allows, never on the
// same one (RFC 6613 §2.6.1: retransmission over a reliable transport only after reconnecting).
import { connect, type TLSSocket } from 'node:tls'
import { RadSecFramer } from '../../proto/radius/index.js'
import { NasBase, type PendingRequest } from './nas-base.js'
import type { RetryPolicy } from './round-tripper.js'

export interface RadsecNasOptions {
  host: string
  port: number
  /** RFC 6614 §2.3: "radsec" unless the server is configured otherwise. */
  secret: string
  certPem: string
  keyPem: string
  caPem: string
  /** Check the server certificate's name against this; the chain is always verified. */
  servername?: string
  policy: RetryPolicy
  nasId: string
  /**
   * Requests outstanding at once on the connection (default 256). FreeRADIUS 3.2's RadSec
   * listener needs 1: it expects one RADIUS packet per read and closes the connection otherwise.
   */
  pipeline?: number
}

const BACKOFF_FIRST_MS = 100
const BACKOFF_MAX_MS = 2000

export class RadsecNas extends NasBase {
  private socket: TLSSocket | undefined
  private open = false
  private everOpened = false
  private framer = new RadSecFramer()
  private backoffMs = BACKOFF_FIRST_MS
  private reconnectTimer: NodeJS.Timeout | undefined

  private constructor(private readonly o: RadsecNasOptions) {
    super(`radsec://${o.host}:${o.port}`, o.nasId, o.secret, o.policy, o.pipeline ?? 256)
  }

  /** Connects and waits for the first handshake (or its failure, then keeps retrying in the background). */
  static async open(o: RadsecNasOptions, firstTimeoutMs = 10_000): Promise<RadsecNas> {
    const nas = new RadsecNas(o)
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`RadSec ${nas.label}: no TLS connection within ${firstTimeoutMs} ms`)), firstTimeoutMs)
      nas.onFirstOpen = () => { clearTimeout(t); resolve() }
      nas.connect()
    }).catch(async (e: unknown) => { await nas.close(); throw e })
    return nas
  }

  private onFirstOpen: (() => void) | undefined
  private lastError = ''

  private connect(): void {
    this.reconnectTimer = undefined
    if (this.closed) return
    const s = connect({
      host: this.o.host, port: this.o.port, cert: this.o.certPem, key: this.o.keyPem, ca: this.o.caPem,
      ...(this.o.servername === undefined ? { checkServerIdentity: () => undefined } : { servername: this.o.servername }),
    })
    this.socket = s
    s.setNoDelay(true)
    let opened = false
    s.on('secureConnect', () => {
      opened = true
      this.open = true
      if (this.everOpened) this.st.reconnects++
      this.everOpened = true
      this.backoffMs = BACKOFF_FIRST_MS
      this.onFirstOpen?.()
      this.onFirstOpen = undefined
      this.pump()
    })
    s.on('data', (chunk: Buffer) => {
      const { frames, error } = this.framer.push(chunk)
      for (const f of frames) this.onReply(f)
      if (error !== undefined) s.destroy()
    })
    s.on('error', (e) => { this.lastError = e.message })
    s.on('close', () => {
      if (this.socket !== s) return
      if (!opened) this.st.connectFailures++
      this.open = false
      this.socket = undefined
      this.framer = new RadSecFramer()
      // Requests written on the lost connection go back to the front of the queue; the sweep still
      // expires them at their deadline, so they resend only within budget.
      const lost = [...this.pending.values()].sort((a, b) => a.startedAt - b.startedAt)
      this.pending.clear()
      this.ids.reset()
      for (const r of lost) r.id = -1
      this.queue = [...lost, ...this.queue]
      if (this.closed) return
      this.reconnectTimer = setTimeout(() => this.connect(), this.backoffMs)
      this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS)
    })
  }

  /** The last connection error (for the summary when a target goes away). */
  get error(): string {
    return this.lastError
  }

  protected canSend(): boolean {
    return this.open && !this.closed
  }

  protected write(packet: Buffer): void {
    // One TLS record per packet, never cork()-batched: FreeRADIUS 3.2 expects one RADIUS packet per
    // read and drops the connection otherwise ("Received bad packet: Length 688 contents 86").
    ;(this.socket as TLSSocket).write(packet)
  }

  protected armSent(r: PendingRequest): void {
    if (r.attempts > 1) this.st.retransmits++
    r.dueAt = r.deadline
  }

  protected onDue(r: PendingRequest): void {
    this.expire(r)
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer)
    this.failAll('closed')
    const s = this.socket
    if (s === undefined) return
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => { s.destroy(); resolve() }, 1000)
      s.once('close', () => { clearTimeout(t); resolve() })
      s.end()
    })
  }
}
