// Outcome to RADIUS reply code: one table (STYLE.md). TIMEOUT, OVERLOADED and DROP mean no reply,
// so the NAS retransmits or fails over; they never become an Access-Reject.
import { Code } from '../../proto/radius/index.js'
import { Outcome } from '../../proto/wire/envelope.js'

export const NO_REPLY = 0

export const REPLY_CODE: Record<Outcome, number> = {
  [Outcome.ACCEPT]: Code.AccessAccept,
  [Outcome.REJECT]: Code.AccessReject,
  [Outcome.CHALLENGE]: Code.AccessChallenge,
  [Outcome.ACCOUNTING_ACK]: Code.AccountingResponse,
  [Outcome.TIMEOUT]: NO_REPLY,
  [Outcome.OVERLOADED]: NO_REPLY,
  [Outcome.DROP]: NO_REPLY,
  [Outcome.FAILED]: NO_REPLY,
}

export function replyCode(outcome: string): number {
  return (REPLY_CODE as Record<string, number | undefined>)[outcome] ?? NO_REPLY
}
