// The actor node's CPU slices (actors/runtime/loop-slices.ts) for SREs: how many TLS handshake
// steps had to wait for a later event-loop turn, how many wait now and the longest wait. A growing
// wait is the node at capacity: its loop stays responsive, its answers get later.
import { loopSlices } from '../../actors/runtime/loop-slices.js'
import type { MetricSource } from './metrics.js'

export const loopSlicesMetrics: MetricSource = {
  name: 'loop_slices',
  counters: () => {
    const s = loopSlices.stats()
    return { ran_at_once: s.ranAtOnce, deferred: s.deferred }
  },
  gauges: () => {
    const s = loopSlices.stats()
    return { waiting: s.waiting, longest_wait_ms: s.longestWaitMs }
  },
}
