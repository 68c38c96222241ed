// WPA2 multi-PSK through the real worker pool (workers/pool.ts): the key whose PMK gives message
// 2's MIC is found among 1,000 candidates (issue 5 acceptance), then again from cached PMKs.
// Timing is in bench/micro/pmk.bench.ts, not here.
import { afterAll, describe, expect, it } from 'vitest'
import { createWorkerPool } from '../../../workers/pool.js'
import { PmkCache, matchByMic, type SecretCandidate } from '../../../actors/client/psk/index.js'
import { HANDSHAKE_V2 as H, message2 } from './wpa-vectors.js'

const pool = createWorkerPool({ threads: 2 })
afterAll(() => pool.destroy())

const handshake = {
  ssid: H.ssid, aa: Buffer.from(H.aa, 'hex'), spa: Buffer.from(H.spa, 'hex'), anonce: Buffer.from(H.anonce, 'hex'), frame: message2(H),
}

describe('multi-PSK MIC trial in the pool', () => {
  it('picks the right key among 1,000 candidates, and again from the PMK cache', async () => {
    const right = 637
    const candidates: SecretCandidate[] = Array.from({ length: 1000 }, (_, i) => ({ id: `key-${i}`, secret: i === right ? H.passphrase : `not-the-key-${i}` }))
    const cache = new PmkCache()
    expect(await matchByMic(pool, cache, handshake, candidates)).toEqual({ ok: true, id: `key-${right}` })
    // Every tried key is cached; the matching chunk stops at the match, so a few are never derived.
    expect(cache.size).toBeGreaterThan(1000 - 32)
    expect(await matchByMic(pool, cache, handshake, candidates)).toEqual({ ok: true, id: `key-${right}` })
  }, 60_000)

  it('no candidate matches: no id; a bad frame is a failure', async () => {
    const cache = new PmkCache()
    expect(await matchByMic(pool, cache, handshake, [{ id: 'a', secret: 'wrong-passphrase' }])).toEqual({ ok: true, id: undefined })
    expect(await matchByMic(pool, cache, { ...handshake, frame: Buffer.alloc(20) }, [{ id: 'a', secret: 'wrong-passphrase' }])).toEqual({ ok: false, failure: 'TOO_SHORT' })
  })
})
