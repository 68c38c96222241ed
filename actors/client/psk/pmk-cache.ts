// PMKs already derived, per (SSID, secret): PBKDF2 with 4096 iterations (IEEE 802.11-2020 J.4.1)
// costs 1-4 ms per key (3.7 ms on a 2-vCPU EPYC, bench/micro/pmk.bench.ts), so trials reuse them. Keyed by
// a SHA-256 of SSID and secret, so a changed passphrase never meets a stale PMK and no secret is
// a map key. Bounded: the oldest entries leave first.
import { createHash } from 'node:crypto'

export class PmkCache {
  private readonly map = new Map<string, Uint8Array>()

  constructor(private readonly max = 100_000) {}

  static keyOf(ssid: string, secret: string): string {
    return createHash('sha256').update(ssid, 'utf8').update(Buffer.of(0)).update(secret, 'latin1').digest('base64url')
  }

  get(ssid: string, secret: string): Uint8Array | undefined {
    return this.map.get(PmkCache.keyOf(ssid, secret))
  }

  set(ssid: string, secret: string, pmk: Uint8Array): void {
    const k = PmkCache.keyOf(ssid, secret)
    this.map.delete(k)
    this.map.set(k, pmk)
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next()
      if (oldest.done === true) break
      this.map.get(oldest.value)?.fill(0)
      this.map.delete(oldest.value)
    }
  }

  get size(): number {
    return this.map.size
  }

  clear(): void {
    for (const v of this.map.values()) v.fill(0)
    this.map.clear()
  }
}
