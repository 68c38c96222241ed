// Endpoint CSV import through the admin API (issue 5: "CSV import of 100,000 endpoints works; its
// time is in a benchmark"): POST /endpoints/import over HTTPS against a real nats-server, the
// generation switch included (ops/cluster/endpoint-generations.ts), and the time until a node's
// watched memory serves the new set. Warm-up on another org first.
// Run: npx tsx bench/micro/endpoint-import.bench.ts [rows]   (default 100000; needs nats-server, openssl)
import { execFileSync } from 'node:child_process'
import { cpus, totalmem } from 'node:os'
import { ConfigWatcher } from '../../ops/cluster/config-watcher.js'
import { CLUSTER_KEY, call, startApiFixture, type ApiFixture } from '../../test/integration/api/api-fixture.js'

const ROWS = Number(process.argv[2] ?? 100_000)

function csv(prefix: number, rows: number): string {
  const lines = ['mac,name,role,vlan,labels,description']
  for (let i = 0; i < rows; i++) {
    const mac = (prefix * 2 ** 32 + i).toString(16).padStart(12, '0').replace(/(..)(?!$)/g, '$1:')
    lines.push(`${mac},dev-${i},iot,${(i % 4094) + 1},floor${i % 7};iot,"row ${i}, generated"`)
  }
  return `${lines.join('\n')}\n`
}

interface Run { case: string; rows: number; kept: number; importMs: number; servedMs: number }

async function importOnce(f: ApiFixture, watcher: ConfigWatcher, org: 'alpha' | 'beta', text: string, name: string): Promise<Run> {
  const token = org === 'alpha' ? f.tokens.alphaAdmin : f.tokens.betaAdmin
  const t0 = process.hrtime.bigint()
  const r = await call(f, 'POST', `/api/v1/orgs/${org}/endpoints/import`, { token, body: text })
  const importMs = Number(process.hrtime.bigint() - t0) / 1e6
  if (r.status !== 200) throw new Error(`import answered ${r.status}: ${r.text.slice(0, 300)}`)
  const { imported, kept, revision } = r.json as { imported: number; kept: number; revision: number }
  while (watcher.applied.endpoints < revision) await new Promise((res) => setTimeout(res, 5))
  const servedMs = Number(process.hrtime.bigint() - t0) / 1e6
  return { case: name, rows: imported, kept, importMs: Math.round(importMs), servedMs: Math.round(servedMs) }
}

const f = await startApiFixture()
const watcher = new ConfigWatcher({ config: f.topo.config, endpoints: f.topo.endpoints, clusterKey: CLUSTER_KEY, onError: (err) => { throw err } })
try {
  await watcher.start()
  await importOnce(f, watcher, 'beta', csv(0x7f, Math.min(ROWS, 10_000)), 'warm-up')
  const runs: Run[] = []
  // An org with no endpoints; the same rows again (all replaced); other rows (all carried over).
  runs.push(await importOnce(f, watcher, 'alpha', csv(0x10, ROWS), 'empty org'))
  runs.push(await importOnce(f, watcher, 'alpha', csv(0x10, ROWS), 'same MACs again'))
  runs.push(await importOnce(f, watcher, 'alpha', csv(0x11, ROWS), `new MACs, ${ROWS} kept`))
  const sample = (0x11 * 2 ** 32 + ROWS - 1).toString(16).padStart(12, '0')
  if (watcher.endpoint('alpha', sample)?.name !== `dev-${ROWS - 1}`) throw new Error('the last row is not served')
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim()
  const dirty = execFileSync('git', ['status', '--porcelain', '--', 'ops', 'proto', 'bench/micro/endpoint-import.bench.ts']).toString().trim() !== ''
  console.log(JSON.stringify({
    bench: 'endpoint-import', rows: ROWS, bytes: Buffer.byteLength(csv(0x10, ROWS)), runs,
    machine: `${cpus()[0]?.model ?? '?'} x${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
    node: process.version, nats: execFileSync('nats-server', ['--version']).toString().trim(), commit: dirty ? `${commit}+changes` : commit,
  }, null, 1))
} finally {
  watcher.stop()
  await f.stop()
}
