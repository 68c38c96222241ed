// RadSec stream framing (RFC 6614 §2.5, §2.6): RADIUS packets back to back on a TLS stream, each
// delimited by its own Length field. A bad Length cannot be resynchronised, so the error
// sticks and the caller closes that connection only.
import { HEADER_LENGTH, MAX_PACKET_LENGTH } from './packet.js'

export type RadSecFramingError = 'LENGTH_TOO_SHORT' | 'LENGTH_TOO_LONG'

/**
 * Splits a byte stream into RADIUS packets. Chunks are kept in a list and only copied when a
 * frame spans several of them; a frame inside one chunk is a slice of it (no copy), so the
 * caller must not reuse chunk buffers (net/tls sockets give fresh ones).
 */
export class RadSecFramer {
  private chunks: Buffer[] = []
  private first = 0 // index of the oldest unconsumed chunk (no Array.shift: it is O(n))
  private head = 0 // consumed octets of chunks[first]
  private total = 0 // unconsumed octets across chunks
  private error: RadSecFramingError | undefined

  /** Octets received and not yet returned as frames. */
  get buffered(): number {
    return this.total
  }

  /** Feed a chunk; returns the complete frames it finished, or the sticky framing error. */
  push(chunk: Buffer): { frames: Buffer[]; error: RadSecFramingError | undefined } {
    const frames: Buffer[] = []
    if (this.error !== undefined) return { frames, error: this.error }
    if (chunk.length > 0) {
      this.chunks.push(chunk)
      this.total += chunk.length
    }
    while (this.total >= 4) {
      const length = (this.byteAt(2) << 8) | this.byteAt(3)
      // RFC 6614 §2.6 leaves no way to find the next packet after a bad Length; RFC 2865 §3:
      // "The minimum length is 20 and maximum length is 4096."
      if (length < HEADER_LENGTH) this.error = 'LENGTH_TOO_SHORT'
      else if (length > MAX_PACKET_LENGTH) this.error = 'LENGTH_TOO_LONG'
      if (this.error !== undefined) {
        this.chunks = []
        this.first = 0
        this.head = 0
        this.total = 0
        break
      }
      if (this.total < length) break
      frames.push(this.take(length))
    }
    return { frames, error: this.error }
  }

  private byteAt(i: number): number {
    let idx = this.head + i
    for (let k = this.first; k < this.chunks.length; k++) {
      const c = this.chunks[k] as Buffer
      if (idx < c.length) return c[idx] as number
      idx -= c.length
    }
    return 0
  }

  private take(n: number): Buffer {
    const firstChunk = this.chunks[this.first] as Buffer
    this.total -= n
    let frame: Buffer
    if (firstChunk.length - this.head >= n) {
      frame = firstChunk.subarray(this.head, this.head + n)
      this.head += n
      if (this.head === firstChunk.length) this.dropFirst()
    } else {
      const parts: Buffer[] = []
      let need = n
      while (need > 0) {
        const c = this.chunks[this.first] as Buffer
        const avail = c.length - this.head
        if (avail <= need) {
          parts.push(this.head === 0 ? c : c.subarray(this.head))
          need -= avail
          this.dropFirst()
        } else {
          parts.push(c.subarray(this.head, this.head + need))
          this.head += need
          need = 0
        }
      }
      frame = Buffer.concat(parts, n)
    }
    return frame
  }

  private dropFirst(): void {
    this.first++
    this.head = 0
    if (this.first === this.chunks.length) {
      this.chunks = []
      this.first = 0
    } else if (this.first >= 1024) {
      this.chunks = this.chunks.slice(this.first)
      this.first = 0
    }
  }
}
