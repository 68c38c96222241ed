// Reads NAC events back from the JetStream stream `events` of a running service.
import { jetstreamManager } from '@nats-io/jetstream'
import { connectNats } from '../../actors/runtime/index.js'
import { decodeEventMessage } from '../../proto/wire/nac-event-batch.js'
import type { NacEvent } from '../../proto/wire/nac-events.js'

/** The org's events, oldest first, waiting up to timeoutMs for one that `until` accepts. */
export async function readEvents(natsUrl: string, org: string, until: (e: NacEvent[]) => boolean, timeoutMs = 5000): Promise<NacEvent[]> {
  const nc = await connectNats({ servers: natsUrl, name: 'events-reader' })
  try {
    const jsm = await jetstreamManager(nc)
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const out: NacEvent[] = []
      const info = await jsm.streams.info('events')
      for (let seq = info.state.first_seq; seq <= info.state.last_seq && seq > 0; seq++) {
        const m = await jsm.streams.getMessage('events', { seq }).catch(() => null)
        if (m === null || m.subject !== `nac.events.${org}`) continue
        const events = decodeEventMessage(m.data)
        if (events === undefined) throw new Error(`events message ${seq} is not a NAC event batch`)
        out.push(...events)
      }
      if (until(out) || Date.now() > deadline) return out
      await new Promise((r) => setTimeout(r, 100))
    }
  } finally {
    await nc.close()
  }
}
