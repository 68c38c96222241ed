// The accounting sink over JetStream: one message per record on nac.accounting.<org>, acknowledged
// by the stream before the client actor answers (RFC 2866 §2); the message id de-duplicates
// retransmissions within the stream's duplicate window. With a JetStreamAcks the publish goes on its
// reply subscription (no per-request error objects of nats.js, actors/runtime/jetstream-acks.ts).
import { headers, type NatsConnection } from '@nats-io/transport-node'
import { PubHeaders, jetstream, type JetStreamClient } from '@nats-io/jetstream'
import type { JetStreamAcks } from '../../actors/runtime/index.js'
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

  constructor(nc: NatsConnection, private readonly subjectPrefix: string, private readonly acks?: JetStreamAcks) {
    this.js = jetstream(nc)
  }

  async record(rec: AccountingRecord, dedupId: string): Promise<void> {
    if (this.acks !== undefined) {
      const h = headers()
      h.set(PubHeaders.MsgIdHdr, dedupId)
      await this.acks.publish(accountingSubject(this.subjectPrefix, rec.org), packr.pack(rec), { timeoutMs: 2000, headers: h })
      return
    }
    await this.js.publish(accountingSubject(this.subjectPrefix, rec.org), packr.pack(rec), { msgID: dedupId, timeout: 2000 })
  }
}
