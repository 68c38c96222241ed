// Micro-benchmark of WPA2 multi-PSK: one PBKDF2 PMK (IEEE 802.11-2020 J.4.1, 4096 iterations),
// one KCK + MIC check from a cached PMK (12.7.1.3, 12.7.2), and 1,000 candidates through the real
// worker pool cold (every PMK derived) and warm (PMKs cached). Warm-up first; prints machine,
// Node version and commit with the figures.
// Run: npx tsx bench/micro/pmk.bench.ts
import { execFileSync } from 'node:child_process'
import { availableParallelism, cpus } from 'node:os'
import { PmkCache, matchByMic, type SecretCandidate } from '../../actors/client/psk/index.js'
import { createWorkerPool } from '../../workers/pool.js'
import { matchPskMic, passphraseToPmk } from '../../workers/tasks/wpa/index.js'
import { HANDSHAKE_V2 as H, message2 } from '../../test/unit/psk/wpa-vectors.js'

const ssid = Buffer.from(H.ssid)
const hs = { ssid: H.ssid, aa: Buffer.from(H.aa, 'hex'), spa: Buffer.from(H.spa, 'hex'), anonce: Buffer.from(H.anonce, 'hex'), frame: message2(H) }

function perOp(label: string, n: number, fn: () => void): void {
  for (let i = 0; i < Math.min(50, n); i++) fn()
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < n; i++) fn()
  const us = Number(process.hrtime.bigint() - t0) / 1e3 / n
  console.log(`${label.padEnd(44)} ${us.toFixed(1).padStart(9)} us/op`)
}

const commit = ((): string => { try { return execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim() } catch { return 'unknown' } })()
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} x${availableParallelism()}, node ${process.version}, commit ${commit}`)

perOp('PBKDF2-SHA1 PMK (4096 iterations)', 300, () => passphraseToPmk('benchmark-passphrase', ssid))
const pmk = passphraseToPmk(H.passphrase, ssid)
perOp('MIC check from a cached PMK', 20_000, () => matchPskMic({ ...hs, ssid, candidates: [{ id: 'k', pmk }] }))

const pool = createWorkerPool()
try {
  const candidates: SecretCandidate[] = Array.from({ length: 1000 }, (_, i) => ({ id: `k${i}`, secret: i === 999 ? H.passphrase : `wrong-passphrase-${i}` }))
  await matchByMic(pool, new PmkCache(), hs, candidates.slice(0, 64)) // warm-up: threads started, code compiled
  const cache = new PmkCache()
  let t0 = performance.now()
  await matchByMic(pool, cache, hs, candidates)
  console.log(`${'1,000 candidates, cold (pool)'.padEnd(44)} ${(performance.now() - t0).toFixed(0).padStart(9)} ms`)
  t0 = performance.now()
  await matchByMic(pool, cache, hs, candidates)
  console.log(`${'1,000 candidates, PMKs cached (pool)'.padEnd(44)} ${(performance.now() - t0).toFixed(0).padStart(9)} ms`)
} finally {
  await pool.destroy()
}
