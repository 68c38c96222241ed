// WPA2 multi-PSK: which candidate key produced message 2's MIC, tried in the worker pool
// (workers/tasks/wpa/match-psk-mic.ts) in chunks spread over the threads; cached PMKs are passed
// in and new ones cached from the answers. The first chunk (in candidate order) that matches wins.
import type { MatchPskMicInput, MatchPskMicOutput } from '../../../workers/tasks/wpa/index.js'
import type { PmkCache } from './pmk-cache.js'

/** The part of workers/pool.ts's WorkerPool the matcher uses. */
export interface PskPool {
  run(task: 'matchPskMic', payload: MatchPskMicInput): Promise<MatchPskMicOutput>
}

export interface Handshake {
  ssid: string
  /** AA (the BSSID) and SPA (the station), 6 octets each. */
  aa: Uint8Array
  spa: Uint8Array
  anonce: Uint8Array
  /** EAPOL-Key message 2 as sent by the station (MIC in place). */
  frame: Uint8Array
}

export interface SecretCandidate {
  id: string
  secret: string
}

export type MatchResult = { ok: true; id: string | undefined } | { ok: false; failure: string }

/** Candidates per task: small enough to spread 1,000 keys over the threads, large enough to amortise a task. */
export const CHUNK = 32

export async function matchByMic(pool: PskPool, cache: PmkCache, hs: Handshake, candidates: readonly SecretCandidate[], chunk = CHUNK): Promise<MatchResult> {
  if (candidates.length === 0) return { ok: true, id: undefined }
  const ssid = Buffer.from(hs.ssid, 'utf8')
  const secretOf = new Map(candidates.map((c) => [c.id, c.secret]))
  const tasks: Promise<MatchPskMicOutput>[] = []
  for (let i = 0; i < candidates.length; i += chunk) {
    const slice = candidates.slice(i, i + chunk).map((c) => {
      const pmk = cache.get(hs.ssid, c.secret)
      return pmk === undefined ? { id: c.id, secret: c.secret } : { id: c.id, pmk }
    })
    tasks.push(pool.run('matchPskMic', { ssid, aa: hs.aa, spa: hs.spa, anonce: hs.anonce, frame: hs.frame, candidates: slice }))
  }
  const answers = await Promise.all(tasks)
  for (const a of answers) {
    for (const d of a.derived) {
      const secret = secretOf.get(d.id)
      if (secret !== undefined) cache.set(hs.ssid, secret, d.pmk)
    }
  }
  const failed = answers.find((a) => a.failure !== undefined)
  if (failed?.failure !== undefined) return { ok: false, failure: failed.failure }
  return { ok: true, id: answers.find((a) => a.id !== undefined)?.id }
}
