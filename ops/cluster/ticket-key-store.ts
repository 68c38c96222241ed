// The cluster's TLS session ticket key generations in KV bucket `tls-tickets` (DESIGN.md
// "Ownership"; RFC 5077 §5.5 "Ticket Protection Key Management": keys are rotated and an old one
// is kept to decrypt until its tickets have expired). One entry, newest generation first, at most
// KEPT_GENERATIONS; every actor node watches it into its TicketKeyRing, and whichever node first
// sees the newest one older than the rotation period writes a new one, revision-checked (first
// writer wins; the others get a conflict and take the winner's through the watch).
import { randomBytes } from 'node:crypto'
import type { KV } from '@nats-io/kv'
import type { TicketKeyRing, TicketKeySeed } from '../../actors/client/eap/ticket-keys.js'
import { ticketKeysKey } from '../../proto/wire/subjects.js'
import { watchBucket, type KvWatch } from './kv-watch.js'

/** A new encrypting key every 12 hours. */
export const TICKET_KEY_ROTATION_MS = 12 * 3600 * 1000
/** The newest encrypts; the one before still decrypts (tickets live at most one period). */
export const KEPT_GENERATIONS = 2
/** Ticket lifetime (RFC 8446 §4.6.1 ticket_lifetime; the TLS 1.2 session timeout), seconds. */
export const TICKET_LIFETIME_S = TICKET_KEY_ROTATION_MS / 1000

interface StoredGeneration {
  id: string
  seed: string
  createdAt: number
}

interface StoredRing {
  v: 1
  generations: StoredGeneration[]
}

export interface TicketKeyStoreOptions {
  kv: KV
  ring: TicketKeyRing
  rotationMs?: number
  now?: () => number
  onError(err: unknown): void
}

export function decodeTicketRing(data: Uint8Array): TicketKeySeed[] {
  const doc = JSON.parse(Buffer.from(data).toString('utf8')) as StoredRing
  if (doc.v !== 1 || !Array.isArray(doc.generations)) throw new TypeError('tls-tickets ring: unknown format')
  return doc.generations.map((g) => {
    const seed = Buffer.from(g.seed, 'base64')
    if (seed.length !== 32 || typeof g.createdAt !== 'number') throw new TypeError(`tls-tickets ring: bad generation ${String(g.id)}`)
    return { id: String(g.id), seed, createdAt: g.createdAt }
  })
}

function encodeTicketRing(gens: readonly TicketKeySeed[]): Uint8Array {
  const doc: StoredRing = { v: 1, generations: gens.map((g) => ({ id: g.id, seed: g.seed.toString('base64'), createdAt: g.createdAt })) }
  return Buffer.from(JSON.stringify(doc))
}

export class TicketKeyStore {
  private watch: KvWatch | undefined
  private timer: NodeJS.Timeout | undefined
  private readonly rotationMs: number
  private readonly now: () => number

  constructor(private readonly o: TicketKeyStoreOptions) {
    this.rotationMs = o.rotationMs ?? TICKET_KEY_ROTATION_MS
    this.now = o.now ?? Date.now
  }

  /** Watch the ring into memory, make sure it holds a fresh generation, then check periodically. */
  async start(): Promise<void> {
    this.watch = await watchBucket(this.o.kv, (e) => {
      if (e.key !== ticketKeysKey() || e.operation !== 'PUT') return
      this.o.ring.set(decodeTicketRing(e.value))
    }, this.o.onError)
    await this.watch.ready
    await this.rotateIfDue()
    const every = Math.max(1000, Math.min(this.rotationMs / 24, 10 * 60 * 1000))
    this.timer = setInterval(() => { this.rotateIfDue().catch(this.o.onError) }, every)
    this.timer.unref()
  }

  /** Write a new generation when the newest is older than the rotation period (or none exists). */
  async rotateIfDue(): Promise<boolean> {
    const e = await this.o.kv.get(ticketKeysKey())
    const current = e !== null && e.operation === 'PUT' ? decodeTicketRing(e.value) : []
    const newest = current.reduce((m, g) => Math.max(m, g.createdAt), -Infinity)
    if (this.now() - newest < this.rotationMs) return false
    const fresh: TicketKeySeed = { id: randomBytes(8).toString('hex'), seed: randomBytes(32), createdAt: this.now() }
    const next = [fresh, ...[...current].sort((a, b) => b.createdAt - a.createdAt)].slice(0, KEPT_GENERATIONS)
    const data = encodeTicketRing(next)
    try {
      if (e === null) await this.o.kv.create(ticketKeysKey(), data)
      else await this.o.kv.update(ticketKeysKey(), data, e.revision)
      return true
    } catch (err) {
      // Another node rotated first: its generation arrives through the watch.
      const again = await this.o.kv.get(ticketKeysKey())
      if (again !== null && again.revision !== e?.revision) return false
      throw err
    } finally {
      fresh.seed.fill(0)
    }
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer)
    this.watch?.stop()
  }
}
