// A bounds-checked reader over one decoded structure (RFC 8446 §3 presentation language: uint8/16/24,
// opaque vectors with 1-, 2- or 3-octet lengths). A read past the end marks the cursor bad and
// returns zeros or an empty buffer, so decoders read straight through and check `ok` once: no throw.
export class Cursor {
  private pos = 0
  ok = true

  constructor(private readonly buf: Buffer, start = 0, private readonly end = buf.length) {
    this.pos = start
  }

  get remaining(): number {
    return this.end - this.pos
  }

  get atEnd(): boolean {
    return this.pos === this.end
  }

  private take(n: number): number {
    if (!this.ok || n > this.end - this.pos) { this.ok = false; this.pos = this.end; return -1 }
    const at = this.pos
    this.pos += n
    return at
  }

  u8(): number { const at = this.take(1); return at < 0 ? 0 : (this.buf[at] as number) }
  u16(): number { const at = this.take(2); return at < 0 ? 0 : this.buf.readUInt16BE(at) }
  u24(): number { const at = this.take(3); return at < 0 ? 0 : this.buf.readUIntBE(at, 3) }
  u32(): number { const at = this.take(4); return at < 0 ? 0 : this.buf.readUInt32BE(at) }

  bytes(n: number): Buffer {
    const at = this.take(n)
    return at < 0 ? Buffer.alloc(0) : this.buf.subarray(at, at + n)
  }

  /** opaque x<min..max> with a `lenBytes`-octet length (RFC 8446 §3.4); out of bounds marks the cursor bad. */
  vector(lenBytes: 1 | 2 | 3, min = 0, max = Number.MAX_SAFE_INTEGER): Buffer {
    const n = lenBytes === 1 ? this.u8() : lenBytes === 2 ? this.u16() : this.u24()
    if (n < min || n > max) { this.ok = false; this.pos = this.end; return Buffer.alloc(0) }
    return this.bytes(n)
  }
}

/** Writes u8/u16/u24 and length-prefixed vectors into a list of chunks, joined once. */
export function u16(n: number): Buffer { const b = Buffer.allocUnsafe(2); b.writeUInt16BE(n); return b }
export function u24(n: number): Buffer { const b = Buffer.allocUnsafe(3); b.writeUIntBE(n, 0, 3); return b }
export function vec8(body: Buffer): Buffer { return Buffer.concat([Buffer.from([body.length]), body]) }
export function vec16(body: Buffer): Buffer { return Buffer.concat([u16(body.length), body]) }
export function vec24(body: Buffer): Buffer { return Buffer.concat([u24(body.length), body]) }
