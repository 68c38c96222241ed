// The floor of the harness's client CPU per EAP-TLS session: the TLS 1.3 handshake alone, run by
// the supplicant's own TlsPipe (node:tls over an in-memory duplex, the bench's ECDSA P-256 PKI,
// client certificate, server chain and name checked, MSK exported) against a node:tls server in a
// worker thread, records passed by postMessage, no RADIUS or EAP. CPU is the main thread's alone
// (/proc/self/task/<pid>/stat: the server thread, GC and JIT threads excluded), per handshake. Beside
// it, the handshake's public-key operations one by one through node:crypto (X25519 key generation
// and agreement, one ECDSA P-256 signature, two verifications: the server's CertificateVerify and
// its certificate's signature by the CA). The lean TLS 1.3 client (supplicant/tls13/, the
// EAP-TLS 1.3 peer's default) runs the same handshakes beside TlsPipe, alternating in rounds.
//   npx tsx bench/tools/tls-client-cpu.ts [handshakes=2000] [rounds=2]
import { X509Certificate, createPrivateKey, generateKeyPairSync, diffieHellman, randomBytes, sign, verify } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSecureContext } from 'node:tls'
import { Worker } from 'node:worker_threads'
import { makeEapPki } from '../peers/freeradius/eap-pki.js'
import { deriveMsk } from '../supplicant/msk.js'
import { TlsPipe } from '../supplicant/tls-pipe.js'
import { Tls13Client, TrustStore, splitPem } from '../supplicant/tls13/index.js'

const TICKS = 100 // CLK_TCK on Linux

/** CPU of this process's main thread so far, ms (10 ms resolution). */
function mainThreadCpuMs(): number {
  const s = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ')
  return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS
}

// The server: one node:tls server socket per handshake over a duplex, the client certificate
// required; after its Finished it sends the RFC 9190 commitment (one octet 0x00).
const SERVER = `
const { parentPort, workerData } = require('node:worker_threads')
const tls = require('node:tls'); const { Duplex } = require('node:stream')
const ctx = tls.createSecureContext({ cert: workerData.cert, key: workerData.key, ca: workerData.ca, minVersion: 'TLSv1.3' })
let wire, out = []
parentPort.on('message', (m) => {
  if (m.start) {
    out = []
    wire = new Duplex({ read() {}, write(c, e, cb) { out.push(c); cb() } })
    const s = new tls.TLSSocket(wire, { isServer: true, secureContext: ctx, requestCert: true, rejectUnauthorized: true })
    s.on('secure', () => s.write(Buffer.from([0])))
    s.on('error', () => {})
  }
  wire.push(Buffer.from(m.data))
  setImmediate(() => setImmediate(() => setImmediate(() => { parentPort.postMessage(Buffer.concat(out)); out = [] })))
})`

function perOp(n: number, f: () => void): number {
  for (let i = 0; i < 200; i++) f()
  const t0 = mainThreadCpuMs()
  for (let i = 0; i < n; i++) f()
  return ((mainThreadCpuMs() - t0) * 1000) / n
}

type Client = Pick<TlsPipe, 'exchange' | 'secure' | 'error' | 'appData' | 'exportKeyingMaterial' | 'destroy'>

async function main(n: number, rounds: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-tls-client-'))
  try {
    const pki = makeEapPki(dir)
    const worker = new Worker(SERVER, { eval: true, workerData: { cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey), ca: readFileSync(pki.clientCa) } })
    const replies: Array<(b: Buffer) => void> = []
    worker.on('message', (b: Uint8Array) => replies.shift()?.(Buffer.from(b)))
    const ask = (data: Buffer, start: boolean): Promise<Buffer> => new Promise((resolve) => { replies.push(resolve); worker.postMessage({ start, data }) })
    const ctx = createSecureContext({ cert: readFileSync(pki.clientCert), key: readFileSync(pki.clientKey), ca: readFileSync(pki.serverCa), minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' })
    const trust = TrustStore.fromPem(readFileSync(pki.serverCa))
    const clientKey = createPrivateKey(readFileSync(pki.clientKey))
    const clientChain = splitPem(readFileSync(pki.clientCert, 'utf8')).map((p) => new X509Certificate(p).raw)
    const clients: Record<string, () => Client> = {
      'TlsPipe, node:tls over a JS duplex': () => new TlsPipe({ secureContext: ctx, servername: pki.serverName }),
      'Tls13Client, the lean client (tls13/)': () => new Tls13Client({ servername: pki.serverName, trust, clientKey, clientChain }),
    }
    let ok = 0
    const one = async (make: () => Client): Promise<void> => {
      const pipe = make()
      let out = await pipe.exchange()
      let start = true
      for (let i = 0; i < 6 && out.length > 0; i++) {
        const recs = await ask(out, start)
        start = false
        out = await pipe.exchange(recs)
      }
      if (pipe.secure && pipe.error === undefined && deriveMsk(pipe, '1.3')?.length === 64 && pipe.appData.length > 0) ok++
      pipe.destroy()
    }
    for (const make of Object.values(clients)) for (let i = 0; i < Math.min(300, n); i++) await one(make)
    const lines: string[] = []
    for (let round = 1; round <= rounds; round++) {
      for (const [label, make] of Object.entries(clients)) {
        ok = 0
        const t0 = mainThreadCpuMs()
        const w0 = performance.now()
        for (let i = 0; i < n; i++) await one(make)
        const perHandshake = (mainThreadCpuMs() - t0) / n
        const wall = (performance.now() - w0) / n
        lines.push(`round ${round}  ${label.padEnd(40)} ${perHandshake.toFixed(3)} ms  (wall ${wall.toFixed(3)} ms, server thread included; ${ok}/${n} verified with the MSK and the commitment)\n`)
      }
    }
    await worker.terminate()
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const x = generateKeyPairSync('x25519')
    const data = randomBytes(100)
    const sig = sign('sha256', data, ec.privateKey)
    const ops = {
      'X25519 key generation': perOp(2000, () => generateKeyPairSync('x25519')),
      'X25519 key agreement': perOp(2000, () => diffieHellman({ privateKey: x.privateKey, publicKey: x.publicKey })),
      'ECDSA P-256 sign (client CertificateVerify)': perOp(2000, () => sign('sha256', data, ec.privateKey)),
      'ECDSA P-256 verify (x2: server CertificateVerify, certificate)': 2 * perOp(2000, () => verify('sha256', data, ec.publicKey, sig)),
    }
    const crypto = Object.values(ops).reduce((a, b) => a + b, 0)
    process.stdout.write(`Node ${process.version} (OpenSSL ${process.versions.openssl}); ${n} TLS 1.3 handshakes per client and round\n`
      + `client main-thread CPU per handshake:\n${lines.join('')}`
      + `public-key operations of one handshake through node:crypto, main-thread CPU:\n`
      + Object.entries(ops).map(([k, v]) => `  ${v.toFixed(1).padStart(7)} µs  ${k}\n`).join('')
      + `  ${crypto.toFixed(1).padStart(7)} µs  in all\n`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main(Number(process.argv[2] ?? 2000), Number(process.argv[3] ?? 2))
