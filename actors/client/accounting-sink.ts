// Where a client actor puts accounting records (RFC 2866). The Accounting-Response goes out only
// after the sink has stored the record durably: "nothing accepted is lost". Implemented by ops
// over the JetStream stream `accounting`.

export interface AccountingRecord {
  org: string
  site: string | undefined
  nasId: string
  clientKey: string
  receivedAt: number
  /** The Accounting-Request exactly as received. */
  packet: Uint8Array
}

export interface AccountingSink {
  /**
   * Stores the record; `dedupId` lets the store drop a retransmission that reaches it twice
   * (after a shard move, say). Rejects when it cannot store: the NAS then retransmits.
   */
  record(rec: AccountingRecord, dedupId: string): Promise<void>
}
