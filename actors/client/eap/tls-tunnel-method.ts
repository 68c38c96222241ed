// The outer half shared by EAP-TTLS (RFC 5281 §9) and PEAPv0: Start with the S bit and the
// version in the low Flags bits, the peer's fragments reassembled and ACKed, the server's
// flights fragmented to Framed-MTU (RFC 5216 §3.1 framing, which both reuse), then phase 2 over
// the tunnel, which the subclass runs. hostapd's eap_server_ttls.c / eap_server_peap.c do the same.
import type { SecureContext } from 'node:tls'
import {
  TlsFlag, TlsReassembler, decodeTlsPayload, encodeTlsPayload, fragmentTlsMessage, type TlsPayload,
} from '../../../proto/eap/index.js'
import type { CertificateAttributes } from './certificate-validator.js'
import type { MethodKeys } from './eap-keys.js'
import type { MethodResponse } from './eap-method.js'
import { ConcludingMethod } from './concluding-method.js'
import { TlsServerEngine } from './tls-engine.js'
import { deriveTunnelKeys } from './tunnel-keys.js'
import { TunnelFailure } from './tunnel-failure.js'

export interface TunnelOptions {
  org: string
  secureContext: SecureContext
  reassemblyLimit: number
}

export abstract class TlsTunnelMethod extends ConcludingMethod {
  abstract readonly type: number
  abstract readonly authType: string
  /** Version we offer in the three low Flags bits (RFC 5281 §9.1; PEAP): 0 for TTLSv0, PEAPv0; TEAP 1. */
  protected readonly version: number = 0
  /**
   * Start phase 2 in the flight that carries the server's Finished (TEAP, as hostapd's
   * eap_server_teap.c "piggybacks" it) instead of after the peer's empty ACK (TTLS, PEAP).
   */
  protected readonly phase2WithFinished: boolean = false
  private started = false
  protected tunnel: TlsServerEngine | undefined
  private reassembler: TlsReassembler
  private pending: TlsPayload[] = []

  constructor(protected readonly o: TunnelOptions) {
    super()
    this.reassembler = new TlsReassembler(o.reassemblyLimit)
  }

  /** Phase 2 data arrived (decrypted). Write the answer with `send`, or end with succeed/fail. */
  protected abstract onPhase2(data: Buffer, maxEapLength: number): Promise<void>
  /** The peer ACKed the server's final handshake flight with an empty message. */
  protected abstract onTunnelAck(maxEapLength: number): Promise<void>
  /** The TLS 1.2 exporter label of the method's keys. */
  protected abstract readonly keyLabel: string

  /** The negotiated TLS version, once known. */
  get tlsVersion(): string | null | undefined {
    return this.tunnel?.protocol
  }

  /** Phase 2 waits for something outside (EAP-TTLS: an identity provider): nothing to send yet. */
  awaiting(): string | undefined {
    return undefined
  }

  buildReq(): Buffer {
    if (!this.started) {
      this.started = true
      return this.startData()
    }
    const next = this.pending.shift() ?? { flags: this.version, totalLength: undefined, data: Buffer.alloc(0) }
    return encodeTlsPayload(next)
  }

  /** Type-Data of the Start request. */
  protected startData(): Buffer {
    // RFC 5281 §9.2.1: the server "initiates the EAP-TTLS negotiation by sending an
    // EAP-TTLS/Start packet" (S bit set, no data, the version it proposes).
    return encodeTlsPayload({ flags: TlsFlag.S | this.version, totalLength: undefined, data: Buffer.alloc(0) })
  }

  /** The EAP-TLS-style payload of a response (TEAP first strips its Outer TLVs). */
  protected decodePayload(data: Buffer): TlsPayload | undefined {
    const d = decodeTlsPayload(data)
    return d.ok ? d.value : undefined
  }

  /** MSK, EMSK and Session-Id once phase 2 authenticated the peer. */
  protected deriveKeys(tunnel: TlsServerEngine): MethodKeys | undefined {
    return deriveTunnelKeys(tunnel, this.type, this.keyLabel)
  }

  check(resp: MethodResponse): boolean {
    return resp.type === this.type && this.decodePayload(resp.data) !== undefined
  }

  async process(resp: MethodResponse): Promise<void> {
    const p = this.decodePayload(resp.data)
    if (p === undefined) return this.fail(TunnelFailure.TUNNEL_PROTOCOL)
    if (this.pending.length > 0) {
      // RFC 5216 §3.1 (RFC 5281 §9.2.2): each fragment is ACKed by a response without data.
      if (p.data.length !== 0) return this.fail(TunnelFailure.TUNNEL_PROTOCOL)
      return
    }
    const step = this.reassembler.push(p)
    if (step.kind === 'failed') return this.fail(`reassembly_${step.reason.toLowerCase()}`)
    if (step.kind === 'more') return
    const tunnel = (this.tunnel ??= new TlsServerEngine(this.o.secureContext, { tunnel: true }))
    if (step.message.length === 0) {
      if (!tunnel.handshakeDone) return this.fail(TunnelFailure.TUNNEL_PROTOCOL)
      await this.onTunnelAck(resp.maxEapLength)
    } else {
      const wasUp = tunnel.handshakeDone
      await tunnel.feed(step.message)
      if (tunnel.error !== undefined) return this.fail(TunnelFailure.TUNNEL_TLS_ERROR)
      const plain = tunnel.takePlaintext()
      if (plain.length > 0) await this.onPhase2(plain, resp.maxEapLength)
      else if (wasUp) return this.fail(TunnelFailure.TUNNEL_PROTOCOL)
      else if (tunnel.handshakeDone && this.phase2WithFinished) await this.onTunnelAck(resp.maxEapLength)
      // The peer's flight ended the handshake and the server has nothing left to send (a
      // resumed TLS 1.2 session ends on the peer's Finished): phase 2 starts now, no ACK to wait for.
      else if (tunnel.handshakeDone && tunnel.pendingOutput === 0) await this.onTunnelAck(resp.maxEapLength)
    }
    if (this.result !== undefined || this.awaiting() !== undefined) return
    const out = this.tunnel?.takeOutput() ?? Buffer.alloc(0)
    if (out.length === 0) return this.fail(TunnelFailure.TUNNEL_PROTOCOL)
    this.pending = fragmentTlsMessage(out, resp.maxEapLength, this.version)
  }

  /** Write phase 2 plaintext; its records go out with the next request. */
  protected async send(data: Buffer): Promise<void> {
    const tunnel = this.tunnel
    if (tunnel === undefined) return this.fail(TunnelFailure.TUNNEL_PROTOCOL)
    await tunnel.writeApplicationData(data)
    if (tunnel.error !== undefined) this.fail(TunnelFailure.TUNNEL_TLS_ERROR)
  }

  /** Phase 2 authenticated the peer: keys from the tunnel. */
  protected succeed(peer: CertificateAttributes | undefined): void {
    const keys = this.tunnel === undefined ? undefined : this.deriveKeys(this.tunnel)
    if (keys === undefined) return this.fail(TunnelFailure.TUNNEL_NO_KEYS)
    this.result ??= { ok: true, keys, peer }
    this.pending = []
    this.tunnel?.destroy()
  }

  protected fail(reason: string): void {
    this.result ??= { ok: false, reason }
    this.pending = []
    this.tunnel?.destroy()
  }

  reset(): void {
    this.clearResult()
    this.tunnel?.destroy()
    this.tunnel = undefined
    this.pending = []
    this.started = false
    this.reassembler = new TlsReassembler(this.o.reassemblyLimit)
  }
}
