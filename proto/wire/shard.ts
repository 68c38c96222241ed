// Client key and shard: which actor node owns a device. Pure functions shared by gateway and actors.

/** FNV-1a, 32 bit: cheap, well spread over short ASCII keys, identical in every process. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** The shard of a client key, in [0, shardCount). */
export function shardOf(clientKey: string, shardCount: number): number {
  return fnv1a32(clientKey) % shardCount
}

/**
 * The client key: org + normalised Calling-Station-Id MAC, or, when the NAS sends no usable MAC,
 * org + NAS + User-Name (DESIGN.md, the request path, step 2).
 */
export function clientKey(org: string, mac: string | undefined, nasId: string, userName: string | undefined): string {
  if (mac !== undefined) return `${org}.${mac}`
  return `${org}.nas.${nasId}.${userName ?? ''}`
}
