// Client-certificate path validation (the worker task of every EAP-TLS session): a P-256 leaf
// under a P-256 CA, made by openssl. First sight of a certificate versus a device presenting the
// same one again (the parse memo). Run: npx tsx bench/micro/cert-validation.bench.ts
import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { validateClientCertificate } from '../../workers/tasks/cert-validation/validate-client-certificate.js'

const dir = mkdtempSync(join(tmpdir(), 'nac-certbench-'))
const ossl = (args: string[]): void => { execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' }) }
ossl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '30', '-subj', '/CN=ca',
  '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-keyout', 'ca-key.pem', '-out', 'ca.pem'])
writeFileSync(join(dir, 'ext'), 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\nsubjectAltName=DNS:dev\n')
const leaves: Uint8Array[] = []
for (let i = 0; i < 100; i++) {
  ossl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=dev${i}`, '-keyout', 'l-key.pem', '-out', 'l.csr'])
  ossl(['x509', '-req', '-in', 'l.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '10', '-extfile', 'ext', '-out', 'l.pem'])
  leaves.push(new Uint8Array(new X509Certificate(readFileSync(join(dir, 'l.pem'))).raw))
}
const ca = readFileSync(join(dir, 'ca.pem'), 'utf8')
rmSync(dir, { recursive: true, force: true })

const run = (der: Uint8Array): boolean => validateClientCertificate({ chainDer: [der], trustedCasPem: [ca], atMs: Date.now(), purpose: 'clientAuth' }).ok
// Warm-up on half the certificates; "first sight" is measured on the other half, never seen before.
const warm = leaves.slice(0, 50)
const fresh = leaves.slice(50)
for (let r = 0; r < 4; r++) for (const der of warm) if (!run(der)) throw new Error('validation failed')
const t0 = process.hrtime.bigint()
for (const der of fresh) if (!run(der)) throw new Error('validation failed')
const first = Number(process.hrtime.bigint() - t0) / fresh.length / 1e3
const n = 5000
const t1 = process.hrtime.bigint()
for (let i = 0; i < n; i++) run(leaves[i % leaves.length]!)
const again = Number(process.hrtime.bigint() - t1) / n / 1e3
console.log(`validateClientCertificate, first sight of a certificate: ${first.toFixed(0)} µs; presented again: ${again.toFixed(0)} µs`)
