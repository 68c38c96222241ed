// Where a client actor puts NAC events (requirements §7): fire and forget on the hot path; the
// sink (ops, over the JetStream stream `events`) buffers, publishes and counts what it cannot.
import type { NacEvent } from '../../proto/wire/nac-events.js'

export interface EventSink {
  emit(event: NacEvent): void
}
