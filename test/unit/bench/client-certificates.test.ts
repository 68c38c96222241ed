// Per-client EAP-TLS certificates (bench/supplicant/client-certificates.ts, `--eap-client-certs
// per-client`) under a client CA made with openssl (not our issuer): each client gets its own leaf,
// the same one every time it asks, signed by the CA (checked with the CA's public key), CN
// `<identity>-<index>` and id-kp-clientAuth (RFC 5280 §4.2.1.12), its key the certificate's; its
// node:tls context presents that leaf to a real TLS server that requires a client certificate.
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, createServer, type TLSSocket } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEapTlsCredentials, type EapTlsCredentials } from '../../../bench/supplicant/credentials.js'
import { serverTrustOf } from '../../../bench/supplicant/server-trust.js'
import { CLIENT_EXT, SERVER_EXT, opensslCa, opensslLeaf, type PemPair } from '../../support/openssl-pki.js'

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2'
const COUNT = 5

let dir: string
let ca: PemPair
let server: PemPair
let shared: PemPair
let creds: EapTlsCredentials

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nac-bench-client-certs-'))
  ca = opensslCa(dir, 'client-ca', '/O=unit/CN=unit client CA')
  server = opensslLeaf(dir, ca, 'server', '/CN=localhost', SERVER_EXT)
  shared = opensslLeaf(dir, ca, 'shared', '/CN=dev', CLIENT_EXT)
  creds = loadEapTlsCredentials(
    { clientCert: shared.cert, clientKey: shared.key, serverCa: ca.cert, serverName: 'localhost', identity: 'dev' },
    { caCert: ca.cert, caKey: ca.key, count: COUNT },
  )
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

const perClient = (): NonNullable<EapTlsCredentials['perClient']> => {
  if (creds.perClient === undefined) throw new Error('no per-client certificates issued')
  return creds.perClient
}

describe('per-client EAP-TLS certificates', () => {
  it('gives each client its own certificate, and the same one to the same client twice', () => {
    const pems = Array.from({ length: COUNT }, (_, i) => perClient().for(i).certPem)
    expect(new Set(pems).size).toBe(COUNT)
    expect(pems).not.toContain(readFileSync(shared.cert, 'utf8'))
    expect(perClient().for(3).certPem).toBe(pems[3])
    expect(perClient().for(3)).toBe(perClient().for(3))
    expect(() => perClient().for(COUNT)).toThrow(RangeError)
  })

  it('each leaf is signed by the client CA, names <identity>-<index>, is for clientAuth, and matches its key', () => {
    const caCert = new X509Certificate(readFileSync(ca.cert))
    for (let i = 0; i < COUNT; i++) {
      const own = perClient().for(i)
      const leaf = new X509Certificate(own.certPem)
      expect(leaf.verify(caCert.publicKey)).toBe(true)
      expect(leaf.checkIssued(caCert)).toBe(true)
      expect(leaf.subject).toBe(`CN=dev-${i}`)
      expect(own.identity).toBe(`dev-${i}`)
      expect(leaf.keyUsage).toEqual([CLIENT_AUTH])
      expect(leaf.ca).toBe(false)
      expect(leaf.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1')
      expect(leaf.checkPrivateKey(own.lean.clientKey)).toBe(true)
      expect(own.lean.clientChain).toHaveLength(1)
      expect(own.lean.clientChain[0]?.equals(leaf.raw)).toBe(true)
    }
    // A key of another client does not match.
    expect(new X509Certificate(perClient().for(0).certPem).checkPrivateKey(perClient().for(1).lean.clientKey)).toBe(false)
  })

  it("a client's node:tls context presents its own certificate to a server that requires one", async () => {
    const seen: string[] = []
    const srv = createServer({ cert: readFileSync(server.cert), key: readFileSync(server.key), ca: readFileSync(ca.cert), requestCert: true, rejectUnauthorized: true }, (s: TLSSocket) => {
      seen.push(String(s.getPeerCertificate().subject?.CN))
      s.end()
    })
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
    try {
      const port = (srv.address() as { port: number }).port
      for (const [index, version] of [[2, '1.2'], [4, '1.3']] as const) {
        const own = perClient().for(index)
        expect(own.context(version)).toBe(own.context(version))
        // The context carries no CA: the harness checks the server with the shared TrustStore
        // (server-trust.ts, tested in tls-pipe.test.ts); this test is about what the client presents.
        expect(serverTrustOf(own.context(version))).toBe(own.lean.trust)
        await new Promise<void>((resolve, reject) => {
          const c = connect({ host: '127.0.0.1', port, servername: 'localhost', secureContext: own.context(version), rejectUnauthorized: false }, () => c.end())
          c.on('error', reject)
          c.on('close', () => resolve())
          c.resume()
        })
      }
    } finally {
      await new Promise((r) => srv.close(r))
    }
    expect(seen).toEqual(['dev-2', 'dev-4'])
  })

  it('shared (no client CA given) issues nothing', () => {
    const c = loadEapTlsCredentials({ clientCert: shared.cert, clientKey: shared.key, serverCa: ca.cert, serverName: 'localhost', identity: 'dev' })
    expect(c.perClient).toBeUndefined()
  })
})
