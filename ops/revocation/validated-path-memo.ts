// Validated certification paths, remembered on the actor node's main thread: the same device
// re-authenticates with the same chain (every session timeout, every roam without key caching),
// and path validation (RFC 5280 §6.1) gives the same answer for the same presented chain, trusted
// CAs and purpose, except for the validity periods (§6.1.3(a)(2)), which are checked again at each
// use. A hit skips the worker-pool round trip (the task's parse and signature checks, the message
// passing both ways); revocation is asked every time as before, from its own caches. Only accepted
// paths are kept: a refusal is recomputed (a CA may be added, a clock may be wrong). Bounded, the
// least recently used entry goes first.
import { createHash } from 'node:crypto'
import type { ValidatedChain } from '../../workers/tasks/cert-validation/index.js'

export interface PathMemoKey {
  purpose: string
  trustedCasPem: readonly string[]
  chainDer: readonly Uint8Array[]
}

const SEP = Buffer.from([0])

export class ValidatedPathMemo {
  private readonly entries = new Map<string, ValidatedChain>()

  constructor(private readonly max = 4096) {}

  /**
   * SHA-256 over the purpose, the trusted CAs and the presented certificates, each
   * length-prefixed, so no two different inputs share a key.
   */
  key(k: PathMemoKey): string {
    const h = createHash('sha256')
    const part = (b: Uint8Array | string): void => {
      const len = Buffer.allocUnsafe(4)
      len.writeUInt32BE(typeof b === 'string' ? Buffer.byteLength(b) : b.length)
      h.update(len).update(b)
    }
    part(k.purpose)
    h.update(SEP)
    for (const pem of k.trustedCasPem) part(pem)
    h.update(SEP)
    for (const der of k.chainDer) part(der)
    return h.digest('base64')
  }

  /** The path validated before under this key, if every certificate of it is valid at `atMs`. */
  get(key: string, atMs: number): ValidatedChain | undefined {
    const v = this.entries.get(key)
    if (v === undefined) return undefined
    // RFC 5280 §6.1.3(a)(2): "The certificate validity period includes the current time."
    if (!v.path.every((c) => c.notBeforeMs <= atMs && atMs <= c.notAfterMs)) return undefined
    this.entries.delete(key)
    this.entries.set(key, v)
    return v
  }

  set(key: string, chain: ValidatedChain): void {
    this.entries.delete(key)
    this.entries.set(key, chain)
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string)
  }

  get size(): number {
    return this.entries.size
  }
}
