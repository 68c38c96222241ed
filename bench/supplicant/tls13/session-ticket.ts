// A TLS 1.3 session the lean client can resume (RFC 8446 §2.2, §4.6.1): one NewSessionTicket
// with the PSK derived from its connection's resumption_master_secret, and what an offer of it
// needs (§4.2.11: the identity, the obfuscated age, the hash of the binder).
import type { HashName } from './key-schedule.js'

/** One ticket from a server, with its PSK; what the lean client keeps and offers as `session`. */
export interface Tls13Session {
  /** The cipher suite of the connection that got the ticket: an offer must use a suite with its hash (§4.2.11). */
  readonly suite: number
  readonly hash: HashName
  /** §4.6.1: HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length). */
  readonly psk: Buffer
  /** The ticket, sent as the PskIdentity.identity. */
  readonly ticket: Buffer
  /** ticket_lifetime, in seconds. */
  readonly lifetime: number
  readonly ageAdd: number
  readonly nonce: Buffer
  /** The ticket's extensions by type (early_data's max size, RFC 8446 §4.2.10; not used: no 0-RTT). */
  readonly extensions: ReadonlyMap<number, Buffer>
  /** Date.now() when the ticket arrived: the base of the ticket age (§4.2.11.1). */
  readonly receivedAt: number
  /** The SNI of that connection (§4.6.1: resume only for a name the original certificate was valid for). */
  readonly servername: string
}

/** §4.6.1: "Servers MUST NOT use any value greater than 604800 seconds (7 days)" ... "Clients MUST NOT cache tickets for longer than 7 days". */
export const MAX_TICKET_LIFETIME_S = 604800

/** Whether the lean client may offer `s` to `servername` at `now` (ms). */
export function offerable(s: Tls13Session, servername: string, now: number): boolean {
  const age = now - s.receivedAt
  // §4.6.1: "The value of zero indicates that the ticket should be discarded immediately."
  return s.servername === servername && age >= 0 && age < Math.min(s.lifetime, MAX_TICKET_LIFETIME_S) * 1000
}

/** §4.2.11.1: "The 'obfuscated_ticket_age' field ... by adding the value of 'ticket_age_add' ... modulo 2^32", the age in milliseconds. */
export function obfuscatedTicketAge(s: Tls13Session, now: number): number {
  return ((now - s.receivedAt) + s.ageAdd) >>> 0
}

/** Duck test for the peer, which holds a node:tls Buffer session or one of these. */
export function isTls13Session(s: unknown): s is Tls13Session {
  return typeof s === 'object' && s !== null && !Buffer.isBuffer(s) && 'psk' in s && 'ticket' in s
}
