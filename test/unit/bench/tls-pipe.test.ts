// The harness's node:tls client (bench/supplicant/tls-pipe.ts) against a real node:tls server over
// an in-memory duplex (ServerEnd), TLS 1.2 and 1.3, with the bench's openssl PKI: a context
// registered with a TrustStore (server-trust.ts, no CA in the context) checks the server's chain
// and name itself, once the handshake is done, and refuses another CA and another name; a context
// with its CA and no store keeps OpenSSL's check, which refuses another CA too.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSecureContext, createServer, type SecureContext, type Server } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeEapPki, opensslEcCa, opensslEcLeaf, type EapPkiFiles } from '../../../bench/peers/freeradius/eap-pki.js'
import { withServerTrust } from '../../../bench/supplicant/server-trust.js'
import { TlsPipe } from '../../../bench/supplicant/tls-pipe.js'
import { TrustStore } from '../../../bench/supplicant/tls13/index.js'
import { LABEL, ServerEnd, TYPE_CODE } from './tls13-server-end.js'

let dir: string
let pki: EapPkiFiles
let otherCa: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tls-pipe-'))
  pki = makeEapPki(dir)
  opensslEcCa(dir, 'other-ca', '/O=other/CN=other CA')
  opensslEcLeaf(dir, 'other-ca', 'other-server', `/O=other/CN=${pki.serverName}`, 'serverAuth', pki.serverName)
  otherCa = join(dir, 'other-ca.pem')
})
afterAll(() => { if (dir !== undefined) rmSync(dir, { recursive: true, force: true }) })

type Version = 'TLSv1.2' | 'TLSv1.3'

function server(version: Version): Server {
  const s = createServer({
    cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey), ca: readFileSync(pki.clientCa),
    minVersion: version, maxVersion: version, requestCert: true, rejectUnauthorized: true,
  })
  s.on('tlsClientError', () => { /* read by ServerEnd */ })
  return s
}

/** A client context of `version`: with its server checked by a TrustStore of `caFile`, or by OpenSSL with `caFile` in it. */
function context(version: Version, caFile: string, by: 'store' | 'openssl'): SecureContext {
  const base = { cert: readFileSync(pki.clientCert), key: readFileSync(pki.clientKey), minVersion: version, maxVersion: version }
  return by === 'store'
    ? withServerTrust(createSecureContext(base), TrustStore.fromPem(readFileSync(caFile)))
    : createSecureContext({ ...base, ca: readFileSync(caFile) })
}

async function handshake(pipe: TlsPipe, end: ServerEnd): Promise<void> {
  let out = await pipe.exchange()
  for (let i = 0; i < 6 && out.length > 0; i++) {
    const reply = await end.feed(out)
    out = await pipe.exchange(reply)
  }
}

describe('TlsPipe server check', () => {
  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    for (const by of ['store', 'openssl'] as const) {
      it(`${version}, checked by ${by}: the right CA and name; keys agree with the server's`, async () => {
        const end = new ServerEnd(server(version))
        const pipe = new TlsPipe({ secureContext: context(version, pki.serverCa, by), servername: pki.serverName, keepSession: false })
        try {
          await handshake(pipe, end)
          expect(pipe.error).toBeUndefined()
          expect(pipe.secure).toBe(true)
          expect(end.socket?.authorized).toBe(true)
          expect(pipe.exportKeyingMaterial(64, LABEL, TYPE_CODE)).toEqual(end.socket?.exportKeyingMaterial(64, LABEL, TYPE_CODE))
        } finally {
          pipe.destroy()
          end.close()
        }
      })

      it(`${version}, checked by ${by}: a server chain from another CA is refused`, async () => {
        const end = new ServerEnd(server(version))
        const pipe = new TlsPipe({ secureContext: context(version, otherCa, by), servername: pki.serverName, keepSession: false })
        try {
          await handshake(pipe, end)
          expect(pipe.secure).toBe(false)
          expect(pipe.error?.message).toMatch(by === 'store' ? /^unknown_ca: / : /issuer|self.signed|verify/i)
        } finally {
          pipe.destroy()
          end.close()
        }
      })
    }

    it(`${version}, checked by the store: another server name is refused`, async () => {
      const end = new ServerEnd(server(version))
      const pipe = new TlsPipe({ secureContext: context(version, pki.serverCa, 'store'), servername: 'other.example', keepSession: false })
      try {
        await handshake(pipe, end)
        expect(pipe.secure).toBe(false)
        expect(pipe.error?.message).toBe('bad_certificate: server certificate is not for other.example')
      } finally {
        pipe.destroy()
        end.close()
      }
    })
  }
})
