// Watches a KV bucket into memory: every entry, then every change, with a promise that resolves
// once the state as of the watch's start has been delivered (DESIGN.md: data is watched into
// memory on every node; nothing on the hot path waits for KV).
import type { KV, KvEntry } from '@nats-io/kv'

export interface KvWatch {
  ready: Promise<void>
  stop(): void
}

export async function watchBucket(kv: KV, onEntry: (e: KvEntry) => void, onError: (err: unknown) => void): Promise<KvWatch> {
  const status = await kv.status()
  const lastAtStart = status.streamInfo.state.last_seq
  let markReady!: () => void
  const ready = new Promise<void>((resolve) => { markReady = resolve })
  if (lastAtStart === 0) markReady()
  const iter = await kv.watch({ key: '>' })
  ;(async () => {
    for await (const e of iter) {
      try {
        onEntry(e)
      } catch (err) {
        onError(err)
      }
      if (e.revision >= lastAtStart) markReady()
    }
  })().catch(onError)
  return { ready, stop: () => iter.stop() }
}
