// Reassembles handshake messages (RFC 8446 §4: msg_type, uint24 length, body) from the content of
// handshake records: "Handshake messages MAY be coalesced into a single TLSPlaintext record or
// fragmented across several such records" (§5.1). A message announced longer than MAX_MESSAGE
// ends the handshake (the server's certificate chain is the largest one: a few KiB).
import { fail, Tls13Reason, type Decoded } from './failure.js'

export interface HandshakeMessage {
  type: number
  body: Buffer
  /** Header and body, as they enter the transcript hash. */
  raw: Buffer
}

/** Largest handshake message accepted, and so the most the client buffers of one. */
export const MAX_MESSAGE = 64 * 1024

export class HandshakeBuffer {
  private pending: Buffer = Buffer.alloc(0)

  push(content: Buffer): Decoded<HandshakeMessage[]> {
    const buf = this.pending.length === 0 ? content : Buffer.concat([this.pending, content])
    const out: HandshakeMessage[] = []
    let at = 0
    while (buf.length - at >= 4) {
      const length = buf.readUIntBE(at + 1, 3)
      if (length > MAX_MESSAGE) return fail(Tls13Reason.TOO_LARGE, `handshake message of ${length} octets (over ${MAX_MESSAGE})`)
      if (buf.length - at - 4 < length) break
      const raw = buf.subarray(at, at + 4 + length)
      out.push({ type: buf[at] as number, body: raw.subarray(4), raw })
      at += 4 + length
    }
    this.pending = at === buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(at))
    return { ok: true, value: out }
  }

  /** RFC 8446 §5.1: handshake messages "MUST NOT span key changes": nothing may wait when keys change. */
  get empty(): boolean {
    return this.pending.length === 0
  }
}

/** A handshake message's wire form: type, uint24 length, body. */
export function encodeHandshake(type: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(4 + body.length)
  out[0] = type
  out.writeUIntBE(body.length, 1, 3)
  body.copy(out, 4)
  return out
}
