// Duplicate detection (RFC 5080 §2.2.2): "a RADIUS server ... SHOULD use the source IP address,
// source UDP port, Identifier and Request Authenticator" to recognise a retransmission. A
// duplicate of a request still in flight is dropped; one of an answered request gets the cached
// reply again, so the NAS sees the same answer and the actor is not asked twice.

type Entry = { reply: Buffer | undefined; expires: number }

export class DedupCache {
  private readonly entries = new Map<string, Entry>()

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** 'new' (now in flight), 'in-flight', or the cached reply. */
  begin(key: string, now: number): 'new' | 'in-flight' | Buffer {
    const e = this.entries.get(key)
    if (e !== undefined && e.expires > now) return e.reply ?? 'in-flight'
    if (e !== undefined) this.entries.delete(key)
    if (this.entries.size >= this.maxEntries) this.evict(now)
    this.entries.set(key, { reply: undefined, expires: now + this.ttlMs })
    return 'new'
  }

  complete(key: string, reply: Buffer, now: number): void {
    this.entries.set(key, { reply, expires: now + this.ttlMs })
  }

  /** No reply was sent: forget, so the NAS's retransmission is processed afresh. */
  forget(key: string): void {
    this.entries.delete(key)
  }

  get size(): number {
    return this.entries.size
  }

  private evict(now: number): void {
    // Insertion order is age order: drop expired entries first, then the oldest.
    for (const [k, e] of this.entries) {
      if (e.expires <= now || this.entries.size >= this.maxEntries) this.entries.delete(k)
      else break
    }
  }
}
