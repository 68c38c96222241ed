// EAP over RADIUS (RFC 3579 §3.1): an EAP packet travels in one or more consecutive EAP-Message
// attributes of at most 253 octets each; the receiver concatenates them in order.
import { Attr, findAttributes, type Packet, type RawAttribute } from '../radius/index.js'
import { EapDecodeFailure, type EapResult } from './eap-decode-failure.js'

const MAX_VALUE = 253

/** EAP-Message attributes carrying `eap`, split at 253 octets. */
export function eapMessageAttributes(eap: Buffer): RawAttribute[] {
  const out: RawAttribute[] = []
  for (let off = 0; off < eap.length; off += MAX_VALUE) out.push({ type: Attr.EAPMessage, value: eap.subarray(off, off + MAX_VALUE) })
  return out
}

/**
 * The EAP packet of a RADIUS packet. RFC 3579 §3.1: "If multiple EAP-Message attributes are
 * contained within an Access-Request or Access-Challenge packet, they MUST be in order and they
 * MUST be consecutive attributes in the packet." An empty value is EAP-Start (§2.1).
 */
export function joinEapMessage(p: Packet): EapResult<Buffer> {
  const parts = findAttributes(p, Attr.EAPMessage)
  if (parts.length === 0) return { ok: false, reason: EapDecodeFailure.NO_EAP_MESSAGE }
  if (parts.length === 1) return { ok: true, value: (parts[0] as RawAttribute).value }
  return { ok: true, value: Buffer.concat(parts.map((a) => a.value)) }
}
