// Micro-benchmark of the local-user password check behind EAP-TTLS/PAP: one scrypt verification
// (RFC 7914; N = 2^14, r = 8, p = 1, workers/tasks/password-hash.ts DEFAULT_SCRYPT, the demo
// org's alice) per authentication, which the worker pool runs. FreeRADIUS's peer checks a
// Cleartext-Password and pays none of it. Warm-up first; prints machine, Node version and commit.
// Run: npx tsx bench/micro/password-hash.bench.ts
import { execFileSync } from 'node:child_process'
import { availableParallelism, cpus } from 'node:os'
import { DEFAULT_SCRYPT, hashPassword, verifyPassword } from '../../workers/tasks/password-hash.js'

function perOp(label: string, n: number, fn: () => void): void {
  for (let i = 0; i < 5; i++) fn()
  const t0 = process.hrtime.bigint()
  const c0 = process.cpuUsage()
  for (let i = 0; i < n; i++) fn()
  const c = process.cpuUsage(c0)
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / n
  // CPU time beside wall time: on a shared machine the wall figure also counts time descheduled.
  const cpuMs = (c.user + c.system) / 1e3 / n
  console.log(`${label.padEnd(48)} ${ms.toFixed(2).padStart(8)} ms/op wall  ${cpuMs.toFixed(2).padStart(8)} ms/op CPU`)
}

const commit = ((): string => { try { return execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim() } catch { return 'unknown' } })()
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} x${availableParallelism()}, node ${process.version}, commit ${commit}`)
const passwordHash = hashPassword({ password: 'wonderland' })
perOp(`scrypt verify (N=${DEFAULT_SCRYPT.N}, r=${DEFAULT_SCRYPT.r}, p=${DEFAULT_SCRYPT.p})`, 40, () => { if (!verifyPassword({ passwordHash, password: 'wonderland' })) throw new Error('no match') })
