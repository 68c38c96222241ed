// Endpoint CSV import (ops/config/endpoints-csv.ts) on 100,000 generated rows (issue 5
// acceptance: "CSV import of 100,000 endpoints works; its time is in a benchmark"). Warm-up,
// then timed runs with hrtime. Run: npx tsx bench/micro/endpoints-csv.bench.ts
import { parseEndpointsCsv } from '../../ops/config/endpoints-csv.js'

const ROWS = 100_000
const lines = ['mac,name,role,vlan,labels,description']
for (let i = 0; i < ROWS; i++) {
  const mac = (0x020000000000 + i).toString(16).padStart(12, '0').replace(/(..)(?!$)/g, '$1:')
  lines.push(`${mac},dev-${i},iot,${(i % 4094) + 1},floor${i % 7};iot,"row ${i}, generated"`)
}
const text = lines.join('\r\n')

for (let i = 0; i < 3; i++) parseEndpointsCsv(text) // warm-up
const runs = 10
const times: number[] = []
for (let i = 0; i < runs; i++) {
  const t0 = process.hrtime.bigint()
  const r = parseEndpointsCsv(text)
  times.push(Number(process.hrtime.bigint() - t0) / 1e6)
  if (!r.ok || r.endpoints.length !== ROWS) throw new Error('import failed')
}
times.sort((a, b) => a - b)
const median = times[Math.floor(runs / 2)] ?? 0
console.log(JSON.stringify({
  bench: 'endpoints-csv', rows: ROWS, bytes: Buffer.byteLength(text), medianMs: Number(median.toFixed(1)),
  minMs: Number((times[0] ?? 0).toFixed(1)), rowsPerSecond: Math.round(ROWS / (median / 1000)), node: process.version,
}))
