// The accounting sink over JetStream: one message per record on nac.accounting.<org>, acknowledged
// by the stream before the client actor answers (RFC 2866 §2); the message id de-duplicates
// retransmissions within the stream's duplicate window.
import type { NatsConnection } from '@nats-io/transport-node'
import { jetstream, type JetStreamClient } from '@nats-io/jetstream'
import { Packr } from 'msgpackr'
import type { AccountingRecord, AccountingSink } from '../../actors/client/index.js'
import { accountingSubject } from '../../proto/wire/subjects.js'

// Stored records decode without the writer's context: plain msgpack maps, no shared structures.
const packr = new Packr({ useRecords: false })

export function decodeAccountingRecord(data: Uint8Array): AccountingRecord {
  return packr.unpack(data) as AccountingRecord
}

export class JetStreamAccountingSink implements AccountingSink {
  private readonly js: JetStreamClient

  constructor(nc: NatsConnection, private readonly subjectPrefix: string) {
    this.js = jetstream(nc)
  }

  async record(rec: AccountingRecord, dedupId: string): Promise<void> {
    await this.js.publish(accountingSubject(this.subjectPrefix, rec.org), packr.pack(rec), { msgID: dedupId, timeout: 2000 })
  }
}
