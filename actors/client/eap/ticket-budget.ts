// How many TLS session tickets the handshake step now running may issue (RFC 9190 §2.1.2: "In most
// cases, a single NewSessionTicket will be sufficient"). OpenSSL sends two TLS 1.3 tickets after a
// full handshake (SSL_CTX_set_num_tickets, which node:tls does not expose), and each of ours carries
// the peer's leaf certificate (about 770 octets on the wire with the demo's ECDSA P-256 chain): two
// of them and the commitment message do not fit one EAP-Request at Framed-MTU 1400, which cost a
// RADIUS round trip per login (bench/README.md "RADIUS round trips per method"). The ticket key
// callback (ticket-keys.ts) asks takeTicket() before it encrypts one and declines beyond the budget,
// which OpenSSL 3.0 treats as "send no ticket" in TLS 1.3 (construct_stateless_ticket). The budget
// is set around the synchronous part of one engine step (TlsServerEngine.feed pushes the peer's
// records, and OpenSSL writes the tickets within that push); outside any budget every ticket goes.

let remaining: number | undefined

/** Run `fn` with at most `budget` tickets issued during its synchronous part. */
export function withTicketBudget<T>(budget: number, fn: () => T): T {
  const outer = remaining
  remaining = budget
  try {
    return fn()
  } finally {
    remaining = outer
  }
}

/** May one more ticket be issued now? Counts it when so. */
export function takeTicket(): boolean {
  if (remaining === undefined) return true
  if (remaining <= 0) return false
  remaining--
  return true
}
