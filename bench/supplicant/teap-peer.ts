// The peer side of TEAPv1 (RFC 7170 §3.2, §4.1) as wpa_supplicant 2.10 runs it: the server's
// TEAP/Start (S and O bits, version 1, an Authority-ID among its Outer TLVs) is answered with a
// ClientHello and no Outer TLVs, the version in the low Flags bits ("Start (server ver=1, own
// ver=1)"); the tunnel is TLS 1.2 with the server certificate checked (no client certificate
// outside); the server's fragments are reassembled and ACKed and the peer's own are cut to the
// EAP MTU as in EAP-TLS (RFC 5216 §3.1, which §4.1 reuses). Phase 2 (teap-phase2.ts) starts with
// the application data that comes in the server's Finished flight (hostapd's order); the MSK is
// phase 2's, from the IMCK chain seeded by the tunnel's exporter (§5.1).
import type { SecureContext } from 'node:tls'
import {
  EapCode, EapType, TEAP_VERSION, TlsFlag, TlsReassembler, encodeEapPacket, encodeTlsPayload, fragmentTlsMessage, splitTeapOuter,
  type EapPacket, type TlsPayload,
} from '../../proto/eap/index.js'
import type { TeapPhase2 } from './teap-phase2.js'
import { TlsPipe } from './tls-pipe.js'

export interface TeapPeerOptions {
  /** The outer identity (wpa_supplicant's anonymous_identity; the demo's eapol-teap.conf says "anonymous"). */
  identity: string
  /** The tunnel: TLS 1.2, the EAP server CA only (credentials.ts `tunnel`). */
  secureContext: SecureContext
  servername: string
  maxEapLength: number
  phase2: TeapPhase2
}

/** RFC 7170 §5.1: session_key_seed = TLS-Exporter("EXPORTER: teap session key seed", , 40). */
const SESSION_KEY_SEED_LABEL = 'EXPORTER: teap session key seed'
const SESSION_KEY_SEED_LENGTH = 40
const VERSION_BITS = 0x07

export class TeapPeer {
  private tls: TlsPipe | undefined
  private readonly inbound = new TlsReassembler()
  private outbound: TlsPayload[] = []
  /** §3.1: the lower of the server's version and ours. */
  private version = TEAP_VERSION
  private receivedVersion = TEAP_VERSION
  private serverOuterTlvs = Buffer.alloc(0)
  private ownFailure: string | undefined

  constructor(private readonly o: TeapPeerOptions) {}

  get failure(): string | undefined {
    return this.ownFailure ?? this.o.phase2.failure
  }

  identityResponse(identifier = 0): Buffer {
    return encodeEapPacket({ code: EapCode.Response, identifier, type: EapType.Identity, data: Buffer.from(this.o.identity) })
  }

  async respond(req: Extract<EapPacket, { code: 1 | 2 }>): Promise<Buffer> {
    const reply = (payload: TlsPayload): Buffer => encodeEapPacket({ code: EapCode.Response, identifier: req.identifier, type: EapType.Teap, data: encodeTlsPayload(payload) })
    const ack = (): Buffer => reply({ flags: this.version, totalLength: undefined, data: Buffer.alloc(0) })
    if (req.type === EapType.Identity) return this.identityResponse(req.identifier)
    // RFC 3748 §5.3.1: a Nak names the method the peer wants.
    if (req.type !== EapType.Teap) return encodeEapPacket({ code: EapCode.Response, identifier: req.identifier, type: EapType.Nak, data: Buffer.from([EapType.Teap]) })
    const s = splitTeapOuter(req.data)
    if (!s.ok) { this.ownFailure ??= `TEAP header: ${s.reason}`; return ack() }
    const payload = s.payload
    if ((payload.flags & TlsFlag.S) !== 0) {
      // §3.1: "version 1 is the first"; a server offering 0 cannot be answered.
      if (s.version < TEAP_VERSION) { this.ownFailure ??= `server TEAP version ${s.version}`; return ack() }
      this.receivedVersion = s.version
      this.version = Math.min(s.version, TEAP_VERSION)
      // §5.3: the Compound MACs cover the Outer TLVs of the server's first message.
      this.serverOuterTlvs = Buffer.from(s.outerTlvs ?? Buffer.alloc(0))
      this.tls?.destroy()
      this.tls = new TlsPipe({ secureContext: this.o.secureContext, servername: this.o.servername })
      return reply(this.queue(await this.tls.exchange()))
    }
    // §4.1: "Outer TLVs ... MUST be sent only in the first two messages".
    if (s.outerTlvs !== undefined) { this.ownFailure ??= 'Outer TLVs after the TEAP/Start'; return ack() }
    if (payload.data.length === 0 && this.outbound.length > 0) return reply(this.outbound.shift() as TlsPayload)
    const step = this.inbound.push({ ...payload, flags: payload.flags & ~VERSION_BITS })
    if (step.kind === 'failed') { this.ownFailure ??= `reassembly: ${step.reason}`; return ack() }
    if (step.kind === 'more') return ack()
    const tls = this.tls
    if (tls === undefined) { this.ownFailure ??= 'TLS data before the TEAP/Start'; return ack() }
    let out = await tls.exchange(step.message)
    if (tls.error !== undefined) { this.ownFailure ??= `TLS: ${tls.error.message}`; return out.length === 0 ? ack() : reply(this.queue(out)) }
    const plain = tls.takeAppData()
    if (plain.length > 0) {
      if (!this.begin(tls)) return ack()
      out = Buffer.concat([out, await tls.write(await this.o.phase2.receive(plain))])
    }
    return out.length === 0 ? ack() : reply(this.queue(out))
  }

  /** Phase 2's first message: hand it the tunnel's keys and facts (once). */
  private begin(tls: TlsPipe): boolean {
    if (this.o.phase2.started) return true
    const suite = tls.socket.getCipher()?.standardName
    // RFC 7170 defines the key derivation over TLS 1.2 (§5.2: "TLS-PRF"); wpa_supplicant offers TEAP only there.
    if (tls.protocol !== 'TLSv1.2' || suite === undefined) { this.ownFailure ??= `tunnel ${tls.protocol ?? 'not up'}: TEAP keys need TLS 1.2`; return false }
    const seed = tls.exportKeyingMaterial(SESSION_KEY_SEED_LENGTH, SESSION_KEY_SEED_LABEL)
    // RFC 5929 §3.1 tls-unique: the client's Finished in a full handshake (§5.4 Session-Id = 0x37 || tls-unique).
    const unique = tls.socket.isSessionReused() ? tls.socket.getPeerFinished() : tls.socket.getFinished()
    if (seed === undefined || unique === undefined) { this.ownFailure ??= 'no tunnel keys'; return false }
    this.o.phase2.begin({
      sessionKeySeed: seed, cipherSuite: suite, serverOuterTlvs: this.serverOuterTlvs, receivedVersion: this.receivedVersion,
      sessionId: Buffer.concat([Buffer.from([EapType.Teap]), unique]),
    })
    seed.fill(0)
    return true
  }

  private queue(records: Buffer): TlsPayload {
    const frags = fragmentTlsMessage(records, this.o.maxEapLength, this.version)
    this.outbound = frags.slice(1)
    return frags[0] as TlsPayload
  }

  /** The TEAP MSK (§5.4), once phase 2 completed. */
  msk(): Buffer | undefined {
    const tls = this.tls
    if (tls === undefined || !tls.secure || tls.error !== undefined) return undefined
    return this.o.phase2.msk()
  }

  close(): void {
    this.tls?.destroy()
    this.tls = undefined
    this.o.phase2.close()
  }
}
