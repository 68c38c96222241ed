// A node's in-memory endpoints database, fed by the watch of bucket `endpoints` in stream order:
// entries are kept per generation, and lookups read the generation the org's pointer names
// (proto/wire/endpoint-keys.ts). An import's entries all precede its pointer switch in the stream,
// so a lookup sees the whole old set until the switch is applied and the whole new set after it.
import type { EndpointConfig } from '../../proto/wire/org-config.js'
import { FIRST_GENERATION, decodeEndpointPointer, parseEndpointKey } from '../../proto/wire/endpoint-keys.js'
import { decodeEndpoint } from './config-codec.js'

/** One watched entry: what kv.watch delivers. */
export interface EndpointEntry {
  key: string
  operation: 'PUT' | 'DEL' | 'PURGE'
  value: Uint8Array
}

/** Why an entry was not applied (a closed list, counted by the caller). */
export const EndpointEntryDrop = { unknownKey: 'unknown-key', badPointer: 'bad-pointer', badValue: 'bad-value' } as const
export type EndpointEntryDrop = (typeof EndpointEntryDrop)[keyof typeof EndpointEntryDrop]

interface OrgEndpoints {
  active: string
  sets: Map<string, Map<string, EndpointConfig>>
  /** Generations the pointer has left: purged in KV; a late write there is not kept. */
  retired: Set<string>
}

export class EndpointIndex {
  private readonly orgs = new Map<string, OrgEndpoints>()

  private org(org: string): OrgEndpoints {
    let o = this.orgs.get(org)
    if (o === undefined) {
      o = { active: FIRST_GENERATION, sets: new Map(), retired: new Set() }
      this.orgs.set(org, o)
    }
    return o
  }

  /** Apply one watched entry; returns why it was dropped, or undefined when applied. */
  apply(e: EndpointEntry): EndpointEntryDrop | undefined {
    const k = parseEndpointKey(e.key)
    if (k.kind === 'unknown') return EndpointEntryDrop.unknownKey
    const o = this.org(k.org)
    if (k.kind === 'retired') {
      // A failed import's generation: its keys were purged without markers, so drop what this node
      // holds of it (never the generation in use: the pointer alone decides that).
      const gen = e.operation === 'PUT' ? decodeEndpointPointer(e.value) : undefined
      if (e.operation === 'PUT' && gen === undefined) return EndpointEntryDrop.badPointer
      if (gen !== undefined && gen !== o.active) {
        o.sets.delete(gen)
        o.retired.add(gen)
      }
      return undefined
    }
    if (k.kind === 'pointer') {
      const gen = e.operation === 'PUT' ? decodeEndpointPointer(e.value) : FIRST_GENERATION
      if (gen === undefined) return EndpointEntryDrop.badPointer
      if (gen !== o.active) {
        // The old set goes at the switch: the importer purges it from KV without delete markers.
        o.sets.delete(o.active)
        o.retired.add(o.active)
        o.retired.delete(gen)
        o.active = gen
      }
      return undefined
    }
    if (o.retired.has(k.gen)) return undefined
    let set = o.sets.get(k.gen)
    if (e.operation !== 'PUT') {
      set?.delete(k.mac)
      return undefined
    }
    let value: EndpointConfig
    try {
      value = decodeEndpoint(e.value)
    } catch {
      return EndpointEntryDrop.badValue
    }
    if (set === undefined) {
      set = new Map()
      o.sets.set(k.gen, set)
    }
    set.set(k.mac, value)
    return undefined
  }

  /** The endpoint of `org` by canonical MAC, from the generation in use. */
  endpoint(org: string, mac: string): EndpointConfig | undefined {
    const o = this.orgs.get(org)
    return o?.sets.get(o.active)?.get(mac)
  }

  /** Generations of `org` this node holds entries of, the one in use included (tests, metrics). */
  generations(org: string): string[] {
    return [...(this.orgs.get(org)?.sets.keys() ?? [])]
  }

  /** Endpoints held for `org` in the generation in use (tests, metrics). */
  size(org: string): number {
    const o = this.orgs.get(org)
    return o?.sets.get(o.active)?.size ?? 0
  }
}
