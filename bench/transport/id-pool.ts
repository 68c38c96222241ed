// RADIUS Identifiers in flight on one socket or connection: at most 256 (RFC 2865 §3), fewer when
// the peer cannot take pipelined requests; handed out in order, reused once their request ends.
export class IdPool {
  private readonly free: number[]

  constructor(private readonly size = 256) {
    if (!Number.isInteger(size) || size < 1 || size > 256) throw new RangeError('1 to 256 identifiers')
    this.free = Array.from({ length: size }, (_, i) => i)
  }

  take(): number | undefined {
    return this.free.shift()
  }

  release(id: number): void {
    this.free.push(id)
  }

  get available(): number {
    return this.free.length
  }

  /** All identifiers free again (a new RadSec connection has its own identifier space). */
  reset(): void {
    this.free.length = 0
    for (let i = 0; i < this.size; i++) this.free.push(i)
  }
}
