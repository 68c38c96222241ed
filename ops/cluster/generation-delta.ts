// What changed in one endpoint generation between two revisions of bucket `endpoints`, read as a
// short stretch of the stream instead of the whole generation again. An import copies the
// generation in use into its own and switches only against the pointer revision it read (see
// endpoint-generations.ts); with a full re-read per attempt (20,000 entries: hundreds of ms) a
// steady flow of single writes, each moving the pointer, made every switch attempt fail and the
// import gave up. Reading just (from, to] keeps the window between reading the pointer and
// switching it to the time of a few entries.
//
// nats-server 2.9 has no multi-subject filters, so the stretch is read under `<org>.>`: the
// generation's keys and the pointer. The pointer's message at `to` (or a later one, when the
// bucket kept only the newest) always comes, which ends the read; a generation entry superseded
// by a write after `to` moves the pointer after `to` as well, so the switch fails and the next
// attempt reads it.
import { KvWatchInclude, type KV } from '@nats-io/kv'
import { parseEndpointKey } from '../../proto/wire/endpoint-keys.js'

export interface GenerationChange {
  mac: string
  /** PUT: the entry's value and revision; DEL/PURGE: gone. */
  operation: 'PUT' | 'DEL' | 'PURGE'
  revision: number
  value: Uint8Array
}

/**
 * Changes of `gen` with revisions in (from, to], oldest first; undefined when the stretch could not
 * be read within `timeoutMs` (the caller reads the whole generation instead).
 */
export async function generationChanges(kv: KV, org: string, gen: string, from: number, to: number, timeoutMs = 5000): Promise<GenerationChange[] | undefined> {
  if (to <= from) return []
  const out: GenerationChange[] = []
  const watch = await kv.watch({ key: `${org}.>`, include: KvWatchInclude.AllHistory, resumeFromRevision: from + 1 })
  const timer = setTimeout(() => watch.stop(), timeoutMs)
  let reached = false
  try {
    for await (const e of watch) {
      if (e.revision > to) { reached = true; break }
      const k = parseEndpointKey(e.key)
      if (k.kind === 'endpoint' && k.gen === gen) out.push({ mac: k.mac, operation: e.operation, revision: e.revision, value: e.value })
      if (e.revision === to) { reached = true; break }
    }
  } finally {
    clearTimeout(timer)
    watch.stop()
  }
  return reached ? out : undefined
}
