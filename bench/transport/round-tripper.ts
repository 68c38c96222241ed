// What a scenario talks through: one simulated NAS (a UDP client with its secret, or a RadSec
// connection with its certificate) that sends a RADIUS request and waits, within the NAS's
// retransmit budget, for a verified reply.
import type { Packet, RawAttribute } from '../../proto/radius/index.js'

export type Exchange =
  /** `requestAuthenticator`: of the request answered, to reveal salt-encrypted attributes (RFC 2868 §3.5). */
  | { kind: 'answer'; packet: Packet; latencyMs: number; attempts: number; requestAuthenticator: Buffer }
  /** No verified reply within the budget (timeout × (1 + retries)). */
  | { kind: 'timeout'; latencyMs: number; attempts: number }
  /** The request could not be sent (harness overloaded, transport closed). */
  | { kind: 'error'; reason: string; latencyMs: number; attempts: number }

export interface TransportStats {
  /** Requests written, first sends and retransmissions. */
  sent: number
  retransmits: number
  /** Replies dropped: bad Response Authenticator or Message-Authenticator, unknown identifier, undecodable. */
  badReplies: number
  /** RadSec: connections lost and opened again; connection attempts that failed. */
  reconnects: number
  connectFailures: number
}

export interface RoundTripper {
  readonly label: string
  /** The NAS-Identifier this simulated NAS sends. */
  readonly nasId: string
  /** The shared secret (RadSec: "radsec", RFC 6614 §2.3), for attributes hidden with it (MS-MPPE keys). */
  readonly secret: Buffer
  exchange(code: number, attributes: RawAttribute[]): Promise<Exchange>
  stats(): TransportStats
  close(): Promise<void>
}

export interface RetryPolicy {
  /** Wait per attempt, as a NAS's radius-server timeout. */
  timeoutMs: number
  /** Retransmissions after the first send (UDP); RadSec resends only on a new connection (RFC 6613 §2.6.1). */
  retries: number
}

export const emptyStats = (): TransportStats => ({ sent: 0, retransmits: 0, badReplies: 0, reconnects: 0, connectFailures: 0 })
