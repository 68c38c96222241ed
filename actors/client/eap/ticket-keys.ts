// Cluster-wide TLS session ticket keys (RFC 5077 §4 "Recommended Ticket Construction" for TLS 1.2,
// RFC 8446 §4.6.1 NewSessionTicket and §2.2 PSK resumption for TLS 1.3), so a session made on one
// actor node resumes on any other (DESIGN.md "Ownership"). Nodes share only random seeds (KV
// bucket `tls-tickets`); each org's 48-octet key (name 16 | HMAC-SHA256 key 16 | AES-128-CBC key
// 16, node:tls's ticketKeys layout) is HKDF-SHA256(cluster key, seed, "nac tls ticket v1" ‖ org).
// Several keys decrypt (the newest encrypts) through OpenSSL's ticket key callback
// (SSL_CTX_set_tlsext_ticket_key_cb), which node:tls exposes on SecureContext#context as
// enableTicketKeyCallback + onticketkeycallback: undocumented but present since Node 0.11
// (setTicketKeys alone holds one key, and would make every rotation cost a full handshake).
import { hkdfSync, randomBytes } from 'node:crypto'
import type { SecureContext } from 'node:tls'
import { takeTicket } from './ticket-budget.js'

/** One generation of ticket key material as the cluster shares it. */
export interface TicketKeySeed {
  /** Opaque generation id (hex), for logs and tests. */
  id: string
  /** 32 random octets; useless without the cluster key. */
  seed: Buffer
  /** When the generation was made (ms since epoch): rotation is due rotationMs after the newest. */
  createdAt: number
}

interface DerivedKey {
  name: Buffer
  hmac: Buffer
  aes: Buffer
}

/** OpenSSL's ticket key callback results (ssl.h, SSL_CTX_set_tlsext_ticket_key_cb). */
const TicketCb = {
  /** Decrypt: unknown key name, do a full handshake; encrypt: issue no ticket. */
  NOT_FOUND: 0,
  /** Encrypt: ticket made; decrypt: ticket good. */
  OK: 1,
  /** Decrypt: good, and issue a fresh ticket in this handshake. */
  OK_RENEW: 2,
} as const

/** node:tls's native context, as far as the ticket key callback goes. */
interface NativeTicketContext {
  enableTicketKeyCallback?: () => void
  onticketkeycallback?: (name: Buffer, iv: Buffer, enc: boolean) => Array<number | Buffer>
}

const INFO = 'nac tls ticket v1\0'
const ZERO16 = Buffer.alloc(16)

/**
 * The ticket keys in memory: newest first. Replaced as a whole when the KV entry changes; the
 * callback installed on each org's SecureContext reads it on every handshake, so a rotation needs
 * no new contexts.
 */
export class TicketKeyRing {
  private seeds: readonly TicketKeySeed[] = []
  private readonly perOrg = new Map<string, DerivedKey[]>()
  /** Until the cluster's keys arrive: a node-local key (tickets then resume on this node only). */
  private readonly local: TicketKeySeed = { id: 'local', seed: randomBytes(32), createdAt: 0 }

  constructor(private readonly clusterKey: Buffer, private readonly count: (name: string) => void = () => {}) {}

  /** Replace the generations (newest first). */
  set(seeds: readonly TicketKeySeed[]): void {
    this.seeds = [...seeds].sort((a, b) => b.createdAt - a.createdAt)
    for (const keys of this.perOrg.values()) for (const k of keys) zero(k)
    this.perOrg.clear()
  }

  get generations(): readonly TicketKeySeed[] {
    return this.seeds
  }

  /** An org's keys, newest (the encrypting one) first. */
  keysFor(org: string): readonly DerivedKey[] {
    let keys = this.perOrg.get(org)
    if (keys === undefined) {
      const seeds = this.seeds.length > 0 ? this.seeds : [this.local]
      keys = seeds.map((s) => derive(this.clusterKey, s.seed, org))
      this.perOrg.set(org, keys)
    }
    return keys
  }

  /**
   * Make `ctx` encrypt tickets with the org's newest key and decrypt with any it holds. Returns
   * false when this Node has no ticket key callback: the context then keeps node:tls's own
   * random key (resumption on this node only).
   */
  install(ctx: SecureContext, org: string): boolean {
    const native = (ctx as unknown as { context?: NativeTicketContext }).context
    if (native?.enableTicketKeyCallback === undefined) return false
    native.onticketkeycallback = (name, _iv, enc) => {
      const keys = this.keysFor(org)
      if (enc) {
        // Beyond the step's budget (ticket-budget.ts): no ticket. node:tls still reads the keys,
        // name and IV of an encrypt answer, whatever its result, so all four are given.
        if (!takeTicket()) return [TicketCb.NOT_FOUND, ZERO16, ZERO16, ZERO16, ZERO16]
        const k = keys[0] as DerivedKey
        return [TicketCb.OK, k.hmac, k.aes, k.name, randomBytes(16)]
      }
      const i = keys.findIndex((k) => k.name.equals(name))
      const k = keys[i]
      if (k === undefined) {
        this.count('eap.tls.ticket.unknown_key')
        // The HMAC and AES keys are not used when the result is NOT_FOUND, but must be 16 octets.
        return [TicketCb.NOT_FOUND, ZERO16, ZERO16]
      }
      this.count(i === 0 ? 'eap.tls.ticket.current_key' : 'eap.tls.ticket.previous_key')
      // Always a fresh ticket: OpenSSL issues none after a TLS 1.3 resumption unless asked to, and
      // RFC 8446 Appendix C.4 says clients "SHOULD NOT reuse a ticket for multiple connections"
      // (reuse lets an observer link the logins). In TLS 1.2 it also moves tickets off an old key.
      // It travels with the commitment message (1.3) or the abbreviated flight (1.2): no extra round.
      return [TicketCb.OK_RENEW, k.hmac, k.aes]
    }
    native.enableTicketKeyCallback()
    return true
  }
}

function derive(clusterKey: Buffer, seed: Buffer, org: string): DerivedKey {
  const okm = Buffer.from(hkdfSync('sha256', clusterKey, seed, `${INFO}${org}`, 48))
  return { name: okm.subarray(0, 16), hmac: okm.subarray(16, 32), aes: okm.subarray(32, 48) }
}

function zero(k: DerivedKey): void {
  k.name.fill(0)
  k.hmac.fill(0)
  k.aes.fill(0)
}
