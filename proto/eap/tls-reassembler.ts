// Reassembles inbound EAP-TLS fragments (RFC 5216 §3.1) into one TLS message, under a hard total
// limit: a message claiming or reaching more than the limit fails the conversation and nothing
// more is buffered (RFC 5216 §5.1 leaves the limit to the implementation; hostapd uses 64 KiB).
import { TlsFlag, type TlsPayload } from './tls-flags.js'

export const DEFAULT_REASSEMBLY_LIMIT = 64 * 1024

export const ReassemblyFailure = {
  /** The message is larger than the limit. */
  TOO_LARGE: 'TOO_LARGE',
  /** More or fewer octets than the TLS Message Length announced. */
  LENGTH_MISMATCH: 'LENGTH_MISMATCH',
} as const
export type ReassemblyFailure = (typeof ReassemblyFailure)[keyof typeof ReassemblyFailure]

export type ReassemblyStep =
  | { kind: 'more' }
  | { kind: 'done'; message: Buffer }
  | { kind: 'failed'; reason: ReassemblyFailure }

export class TlsReassembler {
  private chunks: Buffer[] = []
  private received = 0
  private expected: number | undefined
  private failed = false

  constructor(private readonly limit = DEFAULT_REASSEMBLY_LIMIT) {}

  /** True while fragments of a message are pending. */
  get inProgress(): boolean {
    return this.chunks.length > 0
  }

  push(p: TlsPayload): ReassemblyStep {
    if (this.failed) return { kind: 'failed', reason: ReassemblyFailure.TOO_LARGE }
    // RFC 5216 §3.1: "The TLS Message Length field ... total length of the TLS message or set of
    // messages that is being fragmented". Only the first fragment's value counts.
    if (this.chunks.length === 0 && (p.flags & TlsFlag.L) !== 0 && p.totalLength !== undefined) {
      if (p.totalLength > this.limit) return this.fail(ReassemblyFailure.TOO_LARGE)
      this.expected = p.totalLength
    }
    this.received += p.data.length
    if (this.received > this.limit) return this.fail(ReassemblyFailure.TOO_LARGE)
    if (this.expected !== undefined && this.received > this.expected) return this.fail(ReassemblyFailure.LENGTH_MISMATCH)
    // Copied: the fragment is a slice of a RADIUS packet buffer that is not ours to keep.
    this.chunks.push(Buffer.from(p.data))
    if ((p.flags & TlsFlag.M) !== 0) return { kind: 'more' }
    const expected = this.expected
    const message = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.received)
    this.reset()
    if (expected !== undefined && message.length !== expected) return this.fail(ReassemblyFailure.LENGTH_MISMATCH)
    return { kind: 'done', message }
  }

  private fail(reason: ReassemblyFailure): ReassemblyStep {
    this.reset()
    this.failed = true
    return { kind: 'failed', reason }
  }

  private reset(): void {
    this.chunks = []
    this.received = 0
    this.expected = undefined
  }
}
