// Message envelopes that cross NATS between gateway and actor nodes: msgpackr records with
// structures fixed here, so every process agrees on them without exchanging definitions.
import { Packr } from 'msgpackr'

export const Transport = { radsec: 'radsec', udp: 'udp' } as const
export type Transport = (typeof Transport)[keyof typeof Transport]

/** What the actor decided; the gateway maps it to a RADIUS reply with one table. */
export const Outcome = {
  ACCEPT: 'accept',
  REJECT: 'reject',
  CHALLENGE: 'challenge',
  ACCOUNTING_ACK: 'accounting-ack',
  /** The actor could not decide in time: no reply, the NAS retries (never a reject). */
  TIMEOUT: 'timeout',
  /** Mailbox or pool full: no reply, the NAS retries (never a reject). */
  OVERLOADED: 'overloaded',
  /** The request was malformed for the actor (counted, dropped): no reply. */
  DROP: 'drop',
  /** The actor failed; its supervisor restarts it. No reply: the NAS's retry meets a fresh actor. */
  FAILED: 'failed',
} as const
export type Outcome = (typeof Outcome)[keyof typeof Outcome]

/** Only this crosses NATS for a failure, never an Error object (STYLE.md). */
export interface WireError {
  reason: string
  message: string
  retryable: boolean
}

/** A RADIUS request the gateway has checked (authenticators, Message-Authenticator, dedup). */
export interface RadiusRequest {
  kind: 'radius'
  org: string
  site: string | undefined
  nasId: string
  /** NAS vendor setting, chooses the attribute dialect. */
  vendor: string | undefined
  transport: Transport
  clientKey: string
  shard: number
  /** Epoch ms after which the gateway no longer waits for the reply. */
  deadline: number
  /** The request packet exactly as received. */
  packet: Uint8Array
}

/**
 * MS-MPPE keys for an Access-Accept (RFC 2548 §2.4.2, §2.4.3). They travel in clear on NATS (TLS
 * in production) and the gateway salt-encrypts them with the NAS's secret and the request's
 * authenticator, which only it holds. Conventionally Recv-Key = MSK[0..31], Send-Key = MSK[32..63]
 * (RFC 5216 §2.3 by reference to RFC 3079's use).
 */
export interface MppeKeys {
  recv: Uint8Array
  send: Uint8Array
}

/** The actor's answer: attributes are top-level RADIUS attributes, already encoded, in order. */
export interface RadiusReply {
  outcome: Outcome
  attributes: Array<[number, Uint8Array]>
  error: WireError | undefined
  /** Present on an 802.1X Access-Accept only. */
  mppe?: MppeKeys | undefined
  /** Attributes the gateway salt-encrypts before sending (e.g. a PSK passphrase): see SaltedAttribute. */
  salted?: SaltedAttribute[] | undefined
}

/**
 * An attribute whose value the gateway salt-encrypts with the NAS's secret and the request's
 * authenticator (RFC 2868 §3.5; dictionaries mark these encrypt=2): Tunnel-Password (type 69,
 * `tag` set, RFC 2868 §3.5), or a vendor attribute such as Aruba-MPSK-Passphrase (VSA 14823/44)
 * in the RFC 2865 §5.26 format (one-octet vendor type and length).
 */
export interface SaltedAttribute {
  /** 0 for a standard attribute, else the vendor's SMI number. */
  vendor: number
  type: number
  /** RFC 2868 tag octet before the salt, for tagged attributes. */
  tag: number | undefined
  plaintext: Uint8Array
}

// Appended only: a record's structure id is its index here, shared by every process.
const STRUCTURES = [
  ['kind', 'org', 'site', 'nasId', 'vendor', 'transport', 'clientKey', 'shard', 'deadline', 'packet'],
  ['outcome', 'attributes', 'error', 'mppe'],
  ['requests'],
  ['ids', 'replies'],
  ['outcome', 'attributes', 'error', 'mppe', 'salted'],
]

const packr = new Packr({
  structures: STRUCTURES.map((s) => [...s]),
  maxSharedStructures: STRUCTURES.length,
  shouldShareStructure: () => false,
  useRecords: true,
})

export function encodeRequest(req: RadiusRequest): Uint8Array {
  return packr.pack(req)
}

export function encodeReply(reply: RadiusReply): Uint8Array {
  return packr.pack(reply)
}

export type EnvelopeResult<T> = { ok: true; value: T } | { ok: false; reason: 'MALFORMED_ENVELOPE' }

export function decodeRequest(bytes: Uint8Array): EnvelopeResult<RadiusRequest> {
  try {
    const v = packr.unpack(bytes) as Partial<RadiusRequest> | null
    if (v === null || typeof v !== 'object' || v.kind !== 'radius' || typeof v.org !== 'string' || typeof v.clientKey !== 'string' ||
      typeof v.nasId !== 'string' || typeof v.shard !== 'number' || typeof v.deadline !== 'number' || !(v.packet instanceof Uint8Array)) {
      return { ok: false, reason: 'MALFORMED_ENVELOPE' }
    }
    return { ok: true, value: v as RadiusRequest }
  } catch {
    return { ok: false, reason: 'MALFORMED_ENVELOPE' }
  }
}

export function decodeReply(bytes: Uint8Array): EnvelopeResult<RadiusReply> {
  try {
    const v = packr.unpack(bytes) as Partial<RadiusReply> | null
    if (v === null || typeof v !== 'object' || typeof v.outcome !== 'string' || !Array.isArray(v.attributes)) {
      return { ok: false, reason: 'MALFORMED_ENVELOPE' }
    }
    return { ok: true, value: v as RadiusReply }
  } catch {
    return { ok: false, reason: 'MALFORMED_ENVELOPE' }
  }
}

// --- batches (DESIGN.md, performance budget: "at load, requests bound for the same node may be
// coalesced into one message and their replies likewise") ---

/**
 * The subject an actor node serves batches on: requests the gateway coalesced within one tick
 * for the node that holds their shards' leases. Kept beside the batch envelope it carries.
 */
export function batchSubject(prefix: string, nodeId: string): string {
  return `${prefix}.batch.${nodeId}`
}

/** Request envelopes (each as encodeRequest made it), sent as one message; item i is answered with id i. */
export function encodeBatch(requests: readonly Uint8Array[]): Uint8Array {
  return packr.pack({ requests })
}

/** Replies to some items of one batch: `replies[k]` (an encodeReply envelope) answers item `ids[k]`. */
export interface BatchReply {
  ids: number[]
  replies: Uint8Array[]
}

export function encodeBatchReply(reply: BatchReply): Uint8Array {
  return packr.pack(reply)
}

/** The items of a batch, as views into `bytes` (msgpackr bin values are subarrays, not copies). */
export function decodeBatch(bytes: Uint8Array): EnvelopeResult<Uint8Array[]> {
  try {
    const v = packr.unpack(bytes) as { requests?: unknown } | null
    const items = v !== null && typeof v === 'object' ? v.requests : undefined
    if (!Array.isArray(items) || !items.every((i) => i instanceof Uint8Array)) return { ok: false, reason: 'MALFORMED_ENVELOPE' }
    return { ok: true, value: items as Uint8Array[] }
  } catch {
    return { ok: false, reason: 'MALFORMED_ENVELOPE' }
  }
}

export function decodeBatchReply(bytes: Uint8Array): EnvelopeResult<BatchReply> {
  try {
    const v = packr.unpack(bytes) as Partial<BatchReply> | null
    if (v === null || typeof v !== 'object' || !Array.isArray(v.ids) || !Array.isArray(v.replies) || v.ids.length !== v.replies.length ||
      !v.ids.every((i) => Number.isInteger(i) && i >= 0) || !v.replies.every((r) => r instanceof Uint8Array)) {
      return { ok: false, reason: 'MALFORMED_ENVELOPE' }
    }
    return { ok: true, value: v as BatchReply }
  } catch {
    return { ok: false, reason: 'MALFORMED_ENVELOPE' }
  }
}
