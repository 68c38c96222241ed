// The EAP server's view of the client's chain (TlsServerEngine.peerChainDer): the certificates
// the client sent, DER, leaf first, in the order sent, from real node:tls (OpenSSL) on both ends
// and a PKI made by the openssl CLI (root, issuing CA, leaf): leaf alone, leaf and issuing CA,
// and the whole chain with its self-signed root (which must end the walk, not loop), TLS 1.2 and 1.3.
import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Duplex } from 'node:stream'
import { connect, createSecureContext, type TLSSocket } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TlsServerEngine } from '../../../actors/client/eap/tls-engine.js'
import { createEcCa, issueEcCertificate } from '../../../workers/tasks/ec-certificate.js'
import { clientExt, OpensslPki, type Issued } from '../cert-validation/openssl-ca.js'

const serverCa = createEcCa({ commonName: 'server CA', validDays: 10 })
const server = issueEcCertificate({ caCertPem: serverCa.certPem, caKeyPem: serverCa.keyPem, subject: { CN: 'auth.test' }, sans: { dns: ['auth.test'] }, usage: 'server', validDays: 10 })

let pki: OpensslPki
let leaf: Issued

beforeAll(() => {
  pki = new OpensslPki('nac-peer-chain-')
  leaf = pki.issue('device', '/O=Test Org/CN=device-1', clientExt())
})
afterAll(() => pki?.dispose())

const turn = (): Promise<void> => new Promise((r) => setImmediate(r))
const der = (pem: string): Buffer => new X509Certificate(pem).raw

/** One handshake with the client presenting `chainPem`; the engine's peerChainDer after it. */
async function presented(chainPem: string, version: 'TLSv1.2' | 'TLSv1.3'): Promise<Buffer[]> {
  const engine = new TlsServerEngine(createSecureContext({ cert: server.certPem, key: server.keyPem, minVersion: 'TLSv1.2' }))
  const fromClient: Buffer[] = []
  const wire = new Duplex({ read() {}, write(chunk: Buffer, _e, cb) { fromClient.push(Buffer.from(chunk)); cb() } })
  const c: TLSSocket = connect({ socket: wire, cert: chainPem, key: readFileSync(leaf.keyPath), rejectUnauthorized: false, minVersion: version, maxVersion: version })
  c.on('data', () => {})
  c.on('error', () => {})
  try {
    for (let round = 0; round < 10 && !engine.handshakeDone; round++) {
      for (let i = 0; i < 5 && fromClient.length === 0; i++) await turn()
      if (fromClient.length === 0) break
      await engine.feed(Buffer.concat(fromClient.splice(0)))
      const out = engine.takeOutput()
      if (out.length > 0) wire.push(out)
    }
    expect(engine.error).toBeUndefined()
    expect(engine.handshakeDone).toBe(true)
    return engine.peerChainDer()
  } finally {
    c.destroy()
    engine.destroy()
  }
}

describe('TlsServerEngine.peerChainDer', () => {
  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`${version}: the certificates as the client sent them, leaf first`, async () => {
      expect(await presented(leaf.pem, version)).toEqual([der(leaf.pem)])
      expect(await presented(leaf.pem + pki.issuing.pem, version)).toEqual([der(leaf.pem), der(pki.issuing.pem)])
      // A self-signed root is its own issuer: the walk ends there.
      expect(await presented(leaf.pem + pki.issuing.pem + pki.root.pem, version)).toEqual([der(leaf.pem), der(pki.issuing.pem), der(pki.root.pem)])
    })
  }
})
