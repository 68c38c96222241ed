// KV keys of bucket `endpoints` with generations: an org's endpoint set lives under one generation
// and a pointer key names the generation readers use, so a bulk import writes a whole new set
// beside the old one and switches with one revision-checked write (JetStream KV has no multi-key
// transaction, and nats-server 2.9 has no atomic batch publish). Pure: built and parsed here only.
//
//   <org>.<mac>            generation "" (the set before any import; written by `nac config apply`)
//   <org>.<gen>.<mac>      generation <gen>: "v" and base-36 digits
//   <org>.gen.active       the pointer: JSON { "gen": "<gen>" }; absent means generation ""
//   <org>.gen.retired      JSON { "gen": "<gen>" }: a generation an import gave up on (its keys are
//                          purged without delete markers, so readers learn it from this key)
import { endpointKey } from './subjects.js'

/** The generation of an org with no pointer: the two-token keys `<org>.<mac>`. */
export const FIRST_GENERATION = ''

const GEN_RE = /^v[0-9a-z]{1,40}$/
const MAC_RE = /^[0-9a-f]{12}$/
const ORG_RE = /^[A-Za-z0-9_-]{1,64}$/
const POINTER = ['gen', 'active'] as const
const RETIRED = 'retired'

export function isGeneration(gen: string): boolean {
  return gen === FIRST_GENERATION || GEN_RE.test(gen)
}

/** KV key of one endpoint of `org` in generation `gen`; mac is canonical (12 lower-case hex). */
export function endpointGenerationKey(org: string, gen: string, mac: string): string {
  return gen === FIRST_GENERATION ? endpointKey(org, mac) : `${org}.${gen}.${mac}`
}

/** Key filter matching every endpoint of one generation (and nothing else, not the pointer). */
export function endpointGenerationFilter(org: string, gen: string): string {
  return gen === FIRST_GENERATION ? `${org}.*` : `${org}.${gen}.*`
}

/** KV key of the pointer naming the org's generation in use. */
export function endpointPointerKey(org: string): string {
  return `${org}.${POINTER[0]}.${POINTER[1]}`
}

/** KV key naming the generation a failed import abandoned. */
export function endpointRetiredKey(org: string): string {
  return `${org}.${POINTER[0]}.${RETIRED}`
}

export type EndpointKeyKind =
  | { kind: 'endpoint'; org: string; gen: string; mac: string }
  | { kind: 'pointer'; org: string }
  | { kind: 'retired'; org: string }
  | { kind: 'unknown' }

/** What a key of bucket `endpoints` names; anything else is 'unknown' (counted, never thrown). */
export function parseEndpointKey(key: string): EndpointKeyKind {
  const t = key.split('.')
  const org = t[0] ?? ''
  if (!ORG_RE.test(org)) return { kind: 'unknown' }
  if (t.length === 2 && MAC_RE.test(t[1] ?? '')) return { kind: 'endpoint', org, gen: FIRST_GENERATION, mac: t[1]! }
  if (t.length !== 3) return { kind: 'unknown' }
  if (t[1] === POINTER[0] && t[2] === POINTER[1]) return { kind: 'pointer', org }
  if (t[1] === POINTER[0] && t[2] === RETIRED) return { kind: 'retired', org }
  if (GEN_RE.test(t[1] ?? '') && MAC_RE.test(t[2] ?? '')) return { kind: 'endpoint', org, gen: t[1]!, mac: t[2]! }
  return { kind: 'unknown' }
}

/** The pointer's value (and the retired key's): the generation in use, or undefined when the bytes are not a pointer. */
export function decodeEndpointPointer(bytes: Uint8Array): string | undefined {
  try {
    const v = JSON.parse(new TextDecoder().decode(bytes)) as { gen?: unknown }
    return typeof v.gen === 'string' && isGeneration(v.gen) ? v.gen : undefined
  } catch {
    return undefined
  }
}

export function encodeEndpointPointer(gen: string): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ gen }))
}
