// Placement strategy: rendezvous (highest-random-weight) hashing of shards onto live nodes.
// Pure and deterministic in every process; the mechanism (shard-leaser.ts) asks it, never the reverse.
import { fnv1a32 } from '../../proto/wire/shard.js'

/** A 32-bit avalanche finaliser (murmur3 fmix32): FNV alone clusters on keys differing in one digit. */
function mix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** The weight of `nodeId` for `shard`: the node with the highest weight owns the shard. */
export function rendezvousWeight(shard: number, nodeId: string): number {
  return mix32(fnv1a32(`${nodeId}/${shard}`) ^ Math.imul(shard + 1, 0x9e3779b1))
}

/**
 * The node that should own `shard` among `liveNodeIds` (highest random weight; ties go to the
 * smaller id). When a node joins or leaves, only the shards it wins or held move.
 * Throws when `liveNodeIds` is empty.
 */
export function desiredOwner(shard: number, liveNodeIds: readonly string[]): string {
  let best: string | undefined
  let bestWeight = -1
  for (const id of liveNodeIds) {
    const w = rendezvousWeight(shard, id)
    if (w > bestWeight || (w === bestWeight && best !== undefined && id < best)) {
      best = id
      bestWeight = w
    }
  }
  if (best === undefined) throw new RangeError('desiredOwner: no live node')
  return best
}
