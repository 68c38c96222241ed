// The gateway's per-packet path, shared by RadSec and RADIUS/UDP: decode, authenticate the packet,
// answer Status-Server, drop duplicates, route to the client actor, and sign the reply.
import {
  Attr, Code, MESSAGE_AUTHENTICATOR_PLACEHOLDER, decodePacket, encodePacket, findAttribute, findAttributes,
  saltEncrypt, signResponse, verifyMessageAuthenticator, verifyRequestAuthenticator, type Packet, type RawAttribute,
} from '../../proto/radius/index.js'
import { Outcome, type RadiusReply, type Transport } from '../../proto/wire/envelope.js'
import { canonicalMac } from '../../proto/wire/mac.js'
import { clientKey, shardOf } from '../../proto/wire/shard.js'
import type { Counters } from '../counters.js'
import type { DedupCache } from './dedup-cache.js'
import { NO_REPLY, replyCode } from './outcome-table.js'
import type { Router } from './router.js'

/** Who sent the packet, as the transport established it (certificate or source address). */
export interface NasContext {
  org: string
  site: string | undefined
  nasId: string
  vendor: string | undefined
  transport: Transport
  secret: Buffer
  /** BlastRADIUS (CVE-2024-3596): Access-Request without Message-Authenticator is dropped. */
  requireMessageAuthenticator: boolean
  /** Which RADIUS service the packet arrived on: RadSec carries both. */
  service: 'auth' | 'acct' | 'both'
}

export interface HandlerOptions {
  router: Router
  counters: Counters
  shardCount: number
  /** How long the gateway waits for the actor: within the NAS's retransmit budget. */
  routeTimeoutMs: number
  now(): number
}

export class RequestHandler {
  constructor(private readonly o: HandlerOptions) {}

  /**
   * Handles one packet. `dedupKey` identifies the sender (connection, or address and port).
   * `send` is called at most once, with the signed reply.
   */
  async handle(buf: Buffer, nas: NasContext, dedup: DedupCache, dedupPrefix: string, send: (reply: Buffer) => void): Promise<void> {
    const c = this.o.counters
    const decoded = decodePacket(buf)
    if (!decoded.ok) {
      c.inc(`drop.decode.${decoded.reason}`)
      return
    }
    const p = decoded.value
    const raw = buf.subarray(0, buf.readUInt16BE(2))
    if (!this.authentic(p, raw, nas)) return

    // RFC 5080 §2.2.2's tuple as one string: the 16 authenticator octets as latin1 (one char per
    // octet, no hex encoding: bench/README.md profile).
    const key = `${dedupPrefix}:${p.code}:${p.identifier}:${p.authenticator.toString('latin1')}`
    const now = this.o.now()
    const seen = dedup.begin(key, now)
    if (seen === 'in-flight') {
      c.inc('drop.duplicate_in_flight')
      return
    }
    if (seen !== 'new') {
      c.inc('duplicate.replayed')
      send(seen)
      return
    }

    if (p.code === Code.StatusServer) {
      // RFC 5997 §3: answered by the server itself, Access-Accept on the authentication port,
      // Accounting-Response on the accounting port; Message-Authenticator in the reply.
      const code = nas.service === 'acct' ? Code.AccountingResponse : Code.AccessAccept
      const reply = this.reply(code, p, [], nas.secret)
      dedup.complete(key, reply, this.o.now())
      c.inc('status_server.answered')
      send(reply)
      return
    }

    const csi = findAttribute(p, Attr.CallingStationId)?.value.toString('latin1')
    const mac = csi === undefined ? undefined : canonicalMac(csi)
    const userName = findAttribute(p, Attr.UserName)?.value.toString('utf8')
    const ck = clientKey(nas.org, mac, nas.nasId, userName)
    const result = await this.o.router.route(
      {
        kind: 'radius', org: nas.org, site: nas.site, nasId: nas.nasId, vendor: nas.vendor, transport: nas.transport,
        clientKey: ck, shard: shardOf(ck, this.o.shardCount), deadline: now + this.o.routeTimeoutMs, packet: raw,
      },
      this.o.routeTimeoutMs,
    )
    const code = result === undefined ? NO_REPLY : replyCode(result.outcome)
    if (result === undefined || code === NO_REPLY) {
      c.inc(`no_reply.${result?.outcome ?? Outcome.TIMEOUT}`)
      dedup.forget(key)
      return
    }
    const reply = this.reply(code, p, [...toRaw(result), ...mppeAttributes(result, p, nas.secret), ...saltedAttributes(result, p, nas.secret)], nas.secret)
    dedup.complete(key, reply, this.o.now())
    c.inc(`reply.${result.outcome}`)
    send(reply)
  }

  /** Packet authentication per code; a failure is counted and the packet dropped. */
  private authentic(p: Packet, raw: Buffer, nas: NasContext): boolean {
    const c = this.o.counters
    switch (p.code) {
      case Code.AccessRequest: {
        if (nas.service === 'acct') return c.inc('drop.wrong_port'), false
        const ma = verifyMessageAuthenticator(raw, nas.secret)
        if (ma === 'invalid') return c.inc('drop.bad_message_authenticator'), false
        // RFC 3579 §3.2: an Access-Request with EAP-Message without Message-Authenticator
        // "MUST be silently discarded"; BlastRADIUS hardening extends that to every request.
        if (ma === 'absent' && (nas.requireMessageAuthenticator || findAttribute(p, Attr.EAPMessage) !== undefined)) {
          return c.inc('drop.missing_message_authenticator'), false
        }
        return true
      }
      case Code.AccountingRequest: {
        if (nas.service === 'auth') return c.inc('drop.wrong_port'), false
        // RFC 2866 §3: the Request Authenticator is an MD5 over the packet and the secret.
        if (!verifyRequestAuthenticator(raw, nas.secret)) return c.inc('drop.bad_request_authenticator'), false
        if (verifyMessageAuthenticator(raw, nas.secret) === 'invalid') return c.inc('drop.bad_message_authenticator'), false
        return true
      }
      case Code.StatusServer: {
        // RFC 5997 §3: "Status-Server packets ... MUST contain a Message-Authenticator"; without
        // a valid one they "MUST be silently discarded".
        if (verifyMessageAuthenticator(raw, nas.secret) !== 'valid') return c.inc('drop.status_server_unauthenticated'), false
        return true
      }
      default:
        c.inc('drop.unsupported_code')
        return false
    }
  }

  private reply(code: number, req: Packet, attrs: RawAttribute[], secret: Buffer): Buffer {
    // BlastRADIUS: Message-Authenticator first in every Access reply. RFC 2865 §5.33: Proxy-State
    // is copied unmodified, in order, into the reply.
    const first = code === Code.AccountingResponse ? [] : [MESSAGE_AUTHENTICATOR_PLACEHOLDER]
    const attributes = [...first, ...attrs, ...findAttributes(req, Attr.ProxyState)]
    const out = encodePacket({ code, identifier: req.identifier, authenticator: req.authenticator, attributes })
    signResponse(out, req.authenticator, secret, req.code)
    return out
  }
}

// RFC 2548: Vendor-Specific, Microsoft (311): MS-MPPE-Send-Key is 16, MS-MPPE-Recv-Key is 17.
const VENDOR_MICROSOFT = 311
const MS_MPPE_SEND_KEY = 16
const MS_MPPE_RECV_KEY = 17

function msVsa(type: number, value: Buffer): RawAttribute {
  return vsa(VENDOR_MICROSOFT, type, value)
}

/** RFC 2865 §5.26 Vendor-Specific with one vendor attribute (one-octet type and length). */
function vsa(vendor: number, type: number, value: Buffer): RawAttribute {
  const v = Buffer.alloc(6 + value.length)
  v.writeUInt32BE(vendor, 0)
  v[4] = type
  v[5] = 2 + value.length
  value.copy(v, 6)
  return { type: Attr.VendorSpecific, value: v }
}

/** MS-MPPE keys, salt-encrypted with this NAS's secret and this request's authenticator (RFC 2548 §2.4.2). */
function mppeAttributes(reply: RadiusReply, req: Packet, secret: Buffer): RawAttribute[] {
  if (reply.mppe === undefined || reply.outcome !== Outcome.ACCEPT) return []
  const buf = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength)
  return [
    msVsa(MS_MPPE_SEND_KEY, saltEncrypt(buf(reply.mppe.send), secret, req.authenticator)),
    msVsa(MS_MPPE_RECV_KEY, saltEncrypt(buf(reply.mppe.recv), secret, req.authenticator)),
  ]
}

/** The reply's salt-encrypted attributes (RFC 2868 §3.5) for this NAS and this request. */
function saltedAttributes(reply: RadiusReply, req: Packet, secret: Buffer): RawAttribute[] {
  if (reply.salted === undefined || reply.outcome !== Outcome.ACCEPT) return []
  return reply.salted.map((a) => {
    const cipher = saltEncrypt(Buffer.from(a.plaintext.buffer, a.plaintext.byteOffset, a.plaintext.byteLength), secret, req.authenticator)
    // RFC 2868 §3.5: Tag, then Salt and the encrypted String.
    const value = a.tag === undefined ? cipher : Buffer.concat([Buffer.from([a.tag]), cipher])
    return a.vendor === 0 ? { type: a.type, value } : vsa(a.vendor, a.type, value)
  })
}

function toRaw(reply: RadiusReply): RawAttribute[] {
  return reply.attributes.map(([type, value]) => ({ type, value: Buffer.from(value.buffer, value.byteOffset, value.byteLength) }))
}
