// One message of the JetStream stream `events`: the NAC events of one org that an actor node
// emitted within one event-loop turn, oldest first, as a JSON array. One message per event made
// the events a quarter of the cluster's CPU per MAB request (a stored message and a PubAck each,
// bench/README.md "NAC events in batches"); readers unpack. A lone JSON object is read as one
// event (the format before batching), so a stream written by an older node stays readable.
import type { NacEvent } from './nac-events.js'

/** Events per message at most. */
export const MAX_EVENTS_PER_MESSAGE = 256
/** Bytes per message at most: well under nats-server's default max_payload (1 MB). */
export const MAX_EVENT_MESSAGE_BYTES = 256 * 1024

/**
 * Splits `events` (of one org) into message bodies within both bounds, order kept. One event
 * larger than the byte bound travels alone (it cannot be split; nats-server refuses it if it is
 * over max_payload, and the publisher counts that).
 */
export function encodeEventMessages(events: readonly NacEvent[]): EventMessage[] {
  const out: EventMessage[] = []
  let parts: string[] = []
  let bytes = 2
  const close = (): void => { out.push({ body: `[${parts.join(',')}]`, events: parts.length }) }
  for (const e of events) {
    const json = JSON.stringify(e)
    const size = Buffer.byteLength(json) + 1
    if (parts.length > 0 && (parts.length >= MAX_EVENTS_PER_MESSAGE || bytes + size > MAX_EVENT_MESSAGE_BYTES)) {
      close()
      parts = []
      bytes = 2
    }
    parts.push(json)
    bytes += size
  }
  if (parts.length > 0) close()
  return out
}

/** A message body and how many events it holds (the first `events` of those not yet sent). */
export interface EventMessage { body: string; events: number }

/** The events of one message; undefined when it is not a JSON array of objects or one object. */
export function decodeEventMessage(data: Uint8Array | string): NacEvent[] | undefined {
  let v: unknown
  try {
    v = JSON.parse(typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'))
  } catch {
    return undefined
  }
  const isEvent = (x: unknown): x is NacEvent => typeof x === 'object' && x !== null && !Array.isArray(x) && typeof (x as { type?: unknown }).type === 'string'
  if (Array.isArray(v)) return v.every(isEvent) ? v : undefined
  return isEvent(v) ? [v] : undefined
}
