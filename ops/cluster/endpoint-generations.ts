// Endpoints in KV by generation (proto/wire/endpoint-keys.ts): single writes go to the generation
// the pointer names; a bulk import writes a whole new generation and switches the pointer with one
// revision-checked write, so every reader sees the old set or the new one, never a mix.
//
// Why a pointer and not a batch: JetStream KV has no multi-key transaction, and atomic batch
// publish (ADR-50, "NATS 2.12: AllowAtomicPublish") needs nats-server 2.12 (Debian bookworm ships
// 2.9.10) and holds at most 1,000 messages, far from 100,000 endpoints. Watchers receive
// the bucket in stream order, so every entry of the new generation reaches a node's memory before
// the pointer that makes it visible (ops/cluster/endpoint-index.ts).
//
// Single writes racing an import: after writing, a single write moves the pointer's revision (a
// revision-checked rewrite of the same value). An import switches only against the pointer
// revision it read before its last copy of the old generation, so a single write it did not copy
// makes the switch fail and the import copies again; a single write that finds the pointer already
// switched repeats itself in the new generation. Nothing a caller was told is stored gets lost.
import { Bucket, type KV } from '@nats-io/kv'
import { isWrongLastSequence } from '../../actors/runtime/index.js'
import {
  FIRST_GENERATION, decodeEndpointPointer, encodeEndpointPointer, endpointRetiredKey, endpointGenerationFilter, endpointGenerationKey, endpointPointerKey,
} from '../../proto/wire/endpoint-keys.js'
import { NacError } from '../../proto/nac-error.js'
import type { EndpointConfig } from '../../proto/wire/org-config.js'
import { decodeEndpoint, encodeEndpoint } from './config-codec.js'
import { generationChanges } from './generation-delta.js'
import { ConfigRevisionConflictError, checkedWrite } from './revision-conflict.js'

/** The generation an org's readers use, and the pointer's KV revision (0: no pointer yet). */
export interface EndpointPointer {
  gen: string
  revision: number
}

/** A pointer whose value is not a generation: never guessed around, the write is refused. */
export class EndpointPointerError extends NacError<'NAC_ERR_ENDPOINT_POINTER'> {
  constructor(readonly org: string) {
    super('NAC_ERR_ENDPOINT_POINTER', `the endpoint generation pointer of org ${org} is unreadable`)
  }
}

/** Times a single write re-reads the pointer before giving up (each round trip is ~0.2 ms). */
const SETTLE_ATTEMPTS = 50

export async function readPointer(kv: KV, org: string): Promise<EndpointPointer> {
  const e = await kv.get(endpointPointerKey(org))
  if (e === null || e.operation !== 'PUT') return { gen: FIRST_GENERATION, revision: 0 }
  const gen = decodeEndpointPointer(e.value)
  if (gen === undefined) throw new EndpointPointerError(org)
  return { gen, revision: e.revision }
}

const jitter = (i: number): Promise<void> => new Promise((r) => setTimeout(r, Math.random() * Math.min(20, i)))

/**
 * After a write into generation `gen`: move the pointer's revision (same value), or, when the
 * pointer names another generation by now, `redo` the write there and settle that one.
 */
async function settle(kv: KV, org: string, gen: string, redo: (gen: string) => Promise<void>): Promise<void> {
  let wrote = gen
  for (let i = 1; i <= SETTLE_ATTEMPTS; i++) {
    const p = await readPointer(kv, org)
    if (p.gen !== wrote) {
      await redo(p.gen)
      wrote = p.gen
      continue
    }
    try {
      await checkedWrite(kv, endpointPointerKey(org), encodeEndpointPointer(wrote), p.revision)
      return
    } catch (err) {
      if (!(err instanceof ConfigRevisionConflictError)) throw err
      await jitter(i)
    }
  }
  throw new ConfigRevisionConflictError(endpointPointerKey(org), 0)
}

async function readIn(kv: KV, org: string, gen: string, mac: string): Promise<{ value: EndpointConfig; revision: number } | undefined> {
  const e = await kv.get(endpointGenerationKey(org, gen, mac))
  if (e === null || e.operation !== 'PUT') return undefined
  return { value: decodeEndpoint(e.value), revision: e.revision }
}

/** The endpoint as readers see it now, and its revision. */
export async function readEndpoint(kv: KV, org: string, mac: string): Promise<{ value: EndpointConfig; revision: number } | undefined> {
  for (;;) {
    const p = await readPointer(kv, org)
    const e = await readIn(kv, org, p.gen, mac)
    // An import may have switched (and purged the old generation) between the two reads.
    if (e !== undefined || (await readPointer(kv, org)).gen === p.gen) return e
  }
}

/** Create or replace in `gen` against whatever revision it has there now. */
async function putLatest(kv: KV, org: string, gen: string, e: EndpointConfig): Promise<number> {
  for (let i = 1; ; i++) {
    const current = await readIn(kv, org, gen, e.mac)
    try {
      return await checkedWrite(kv, endpointGenerationKey(org, gen, e.mac), encodeEndpoint(e), current?.revision ?? 0)
    } catch (err) {
      if (!(err instanceof ConfigRevisionConflictError) || i >= 5) throw err
    }
  }
}

/** Store an endpoint if it is still at `revision` (0: create). Returns its new revision. */
export async function writeEndpoint(kv: KV, org: string, e: EndpointConfig, revision: number): Promise<number> {
  const p = await readPointer(kv, org)
  let written = await checkedWrite(kv, endpointGenerationKey(org, p.gen, e.mac), encodeEndpoint(e), revision)
  await settle(kv, org, p.gen, async (gen) => { written = await putLatest(kv, org, gen, e) })
  return written
}

async function deleteIn(kv: KV, org: string, gen: string, mac: string, revision: number): Promise<void> {
  const key = endpointGenerationKey(org, gen, mac)
  try {
    await kv.delete(key, { previousSeq: revision })
  } catch (err) {
    if (isWrongLastSequence(err)) throw new ConfigRevisionConflictError(key, revision, { cause: err })
    throw err
  }
}

/** Deletes against the revision read; returns a bucket revision at or after the delete marker. */
export async function deleteEndpoint(kv: KV, org: string, mac: string, revision: number): Promise<number> {
  const p = await readPointer(kv, org)
  await deleteIn(kv, org, p.gen, mac, revision)
  await settle(kv, org, p.gen, async (gen) => {
    const current = await readIn(kv, org, gen, mac)
    if (current !== undefined) await deleteIn(kv, org, gen, mac, current.revision)
  })
  // KV delete answers no revision; the stream's last sequence is the marker's or a later one.
  return (await kv.status()).streamInfo.state.last_seq
}

/** Canonical MACs of the org's endpoints in use, sorted. */
export async function listEndpointMacs(kv: KV, org: string): Promise<string[]> {
  const p = await readPointer(kv, org)
  const prefix = endpointGenerationKey(org, p.gen, '')
  const macs: string[] = []
  for await (const k of await kv.keys(endpointGenerationFilter(org, p.gen))) macs.push(k.slice(prefix.length))
  return macs.sort()
}

/** `fn` over `items` with at most `concurrency` calls in flight. */
async function inPool<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) await fn(items[i]!)
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
}

/**
 * Store endpoints from a YAML file (`nac config apply`, the embedded demo) into the generation in
 * use, each put as given (the file is the source of truth for its endpoints).
 */
export async function applyEndpoints(kv: KV, org: string, endpoints: readonly EndpointConfig[], concurrency = 64): Promise<number> {
  const p = await readPointer(kv, org)
  const putAll = (gen: string): Promise<void> => inPool(endpoints, concurrency, (e) => kv.put(endpointGenerationKey(org, gen, e.mac), encodeEndpoint(e)))
  await putAll(p.gen)
  if (endpoints.length > 0) await settle(kv, org, p.gen, putAll)
  return endpoints.length
}

/** A fresh generation id: time-ordered, with randomness so two imports never share one. */
function newGeneration(): string {
  return `v${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 6).toString(36).padStart(6, '0')}`
}

/** Every endpoint stored in one generation: mac -> revision and bytes (delete markers left out). */
async function snapshot(kv: KV, org: string, gen: string): Promise<Map<string, { revision: number; value: Uint8Array }>> {
  const out = new Map<string, { revision: number; value: Uint8Array }>()
  const prefix = endpointGenerationKey(org, gen, '')
  for await (const e of await kv.history({ key: endpointGenerationFilter(org, gen) })) {
    const mac = e.key.slice(prefix.length)
    if (e.operation === 'PUT') out.set(mac, { revision: e.revision, value: e.value })
    else out.delete(mac)
  }
  return out
}

/**
 * Remove a whole generation: one filtered stream purge (no delete markers, no per-key round trip).
 * Watchers drop a generation from memory when the pointer leaves it, so they need no markers.
 */
export async function purgeGeneration(kv: KV, org: string, gen: string): Promise<void> {
  const filter = endpointGenerationFilter(org, gen)
  if (kv instanceof Bucket) {
    await kv.jsm.streams.purge(kv.bucketName(), { filter: kv.subjectForKey(filter) })
    return
  }
  const keys: string[] = []
  for await (const k of await kv.keys(filter)) keys.push(k)
  await inPool(keys, 64, (k) => kv.purge(k))
}

export interface ImportOptions {
  /** Writes in flight. */
  concurrency?: number
  /** Times the switch is tried while single writes keep moving the pointer. */
  attempts?: number
}

export interface ImportResult {
  /** Rows of the import. */
  imported: number
  /** Endpoints carried over from the previous generation (not in the import). */
  kept: number
  /** The pointer's revision after the switch: readers that applied it see the new set. */
  revision: number
  generation: string
}

/**
 * Create or replace `endpoints` (requirements §4.4: "upsert on MAC") all at once: the new
 * generation holds the import plus every other endpoint of the one in use, and readers switch to
 * it in one step. On failure nothing changes for readers and the new generation is purged.
 */
export async function importEndpoints(kv: KV, org: string, endpoints: readonly EndpointConfig[], o: ImportOptions = {}): Promise<ImportResult> {
  const concurrency = o.concurrency ?? 256
  const gen = newGeneration()
  const rows = new Map(endpoints.map((e) => [e.mac, e]))
  /** mac -> revision it was copied at from the generation in use (entries not in the import). */
  const copied = new Map<string, number>()
  try {
    // The new generation's keys are this import's alone until the switch (its id is new and no
    // reader or writer uses it yet), so plain puts cannot overwrite anyone's write.
    await inPool([...rows.values()], concurrency, (e) => kv.put(endpointGenerationKey(org, gen, e.mac), encodeEndpoint(e)))
    /** The generation in use as last read, and the pointer revision it is complete up to. */
    let seen: { gen: string; upTo: number; entries: Map<string, { revision: number; value: Uint8Array }> } | undefined
    for (let attempt = 1; attempt <= (o.attempts ?? 20); attempt++) {
      const p = await readPointer(kv, org)
      // After the first read, only what changed since (generation-delta.ts); the whole generation
      // again when another import switched it, or without a pointer to bound the read.
      const delta = seen !== undefined && seen.gen === p.gen && p.revision > 0 ? await generationChanges(kv, org, p.gen, seen.upTo, p.revision) : undefined
      if (seen !== undefined && delta !== undefined) {
        for (const c of delta) {
          if (c.operation === 'PUT') seen.entries.set(c.mac, { revision: c.revision, value: c.value })
          else seen.entries.delete(c.mac)
        }
        seen.upTo = p.revision
      } else {
        seen = { gen: p.gen, upTo: p.revision, entries: await snapshot(kv, org, p.gen) }
      }
      const current = seen.entries
      const changed = [...current].filter(([mac, e]) => !rows.has(mac) && copied.get(mac) !== e.revision)
      const gone = [...copied.keys()].filter((mac) => !current.has(mac))
      await inPool(changed, concurrency, async ([mac, e]) => {
        await kv.put(endpointGenerationKey(org, gen, mac), e.value)
        copied.set(mac, e.revision)
      })
      await inPool(gone, concurrency, async (mac) => {
        await kv.delete(endpointGenerationKey(org, gen, mac))
        copied.delete(mac)
      })
      try {
        const revision = await checkedWrite(kv, endpointPointerKey(org), encodeEndpointPointer(gen), p.revision)
        // The old generation is unreachable now; a failed purge leaves only unread keys behind.
        await purgeGeneration(kv, org, p.gen).catch(() => undefined)
        return { imported: rows.size, kept: copied.size, revision, generation: gen }
      } catch (err) {
        if (!(err instanceof ConfigRevisionConflictError)) throw err
        await jitter(attempt)
      }
    }
    throw new ConfigRevisionConflictError(endpointPointerKey(org), 0)
  } catch (err) {
    // A pointer write that failed in transit (a timeout) may still have been applied: then this
    // generation is in use and must not be purged.
    const p = await readPointer(kv, org).catch(() => undefined)
    if (p?.gen === gen) return { imported: rows.size, kept: copied.size, revision: p.revision, generation: gen }
    await purgeGeneration(kv, org, gen).catch(() => undefined)
    // Readers hold what they watched of it; the purge leaves no markers, so say it (best effort:
    // without it they keep unread entries until restart, never serve them).
    await kv.put(endpointRetiredKey(org), encodeEndpointPointer(gen)).catch(() => undefined)
    throw err
  }
}
