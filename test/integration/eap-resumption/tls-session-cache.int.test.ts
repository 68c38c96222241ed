// TLS 1.2 session-ID resumption (RFC 5246 §7.4.1.2, RFC 5216 §2.1.2) through the shared cache on a
// real nats-server (KV bucket `tls-sessions`): an EAP-TLS session made on "node A" (its own
// SecureContext and cache) resumes on "node B" from KV alone; the leaf kept in the session is
// validated again and a refusal fails the resumption; what KV holds is sealed (neither the client
// certificate nor the master secret, read from the client's own key log, appear in it); a
// tampered entry, another org, or a TLS 1.3 peer mean a full handshake, each counted. The peer is
// node:tls with tickets off (SSL_OP_NO_TICKET), as wpa_supplicant with tls_disable_session_ticket=1.
import { constants, randomBytes, X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { createSecureContext, type SecureContext } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NatsConnection } from '@nats-io/transport-node'
import { connectNats } from '../../../actors/runtime/index.js'
import type { CertificateValidation, CertificateValidator } from '../../../actors/client/eap/certificate-validator.js'
import { EapTlsMethod } from '../../../actors/client/eap/eap-tls-method.js'
import { TlsSessionCache } from '../../../actors/client/eap/tls-session-cache.js'
import { KvTlsSessionStore } from '../../../ops/cluster/tls-session-store.js'
import { ensureTopology, type Topology } from '../../../ops/nats/topology.js'
import { tlsSessionKey } from '../../../proto/wire/subjects.js'
import { CLIENT_EXT, SERVER_EXT, opensslCa, opensslLeaf } from '../../support/openssl-pki.js'
import { startNatsServer, type NatsServer } from '../../support/nats-server.js'
import { TlsPeer } from '../../unit/eap-ttls/tls-peer.js'

const MTU = 1400

let nats: NatsServer
let nc: NatsConnection
let topo: Topology
let dir: string
let ca: string
let serverPem: { cert: Buffer; key: Buffer }
let client: { cert: string; key: string }
const master = randomBytes(32)

/** One actor node's view: its own SecureContext (same org certificate and session id context) and cache. */
interface Node { ctx: SecureContext; cache: TlsSessionCache; counts: Map<string, number> }

function node(org = 'demo'): Node {
  const counts = new Map<string, number>()
  const cache = new TlsSessionCache({ master, store: new KvTlsSessionStore(topo.tlsSessions), lifetimeMs: 3600_000, count: (n) => counts.set(n, (counts.get(n) ?? 0) + 1) })
  const ctx = createSecureContext({ ...serverPem, minVersion: 'TLSv1.2', sessionIdContext: createHash('sha256').update(org).digest('hex').slice(0, 32) })
  cache.install(ctx, org)
  return { ctx, cache, counts }
}

/** A validator that records what it was asked and answers as told (the chain checks are tested elsewhere). */
function validator(answer: (leaf: X509Certificate) => CertificateValidation): CertificateValidator & { seen: Uint8Array[][] } {
  const seen: Uint8Array[][] = []
  return {
    seen,
    validate: async (input) => {
      seen.push(input.chainDer)
      return answer(new X509Certificate(input.chainDer[0] as Uint8Array))
    },
  }
}
const accept = (leaf: X509Certificate): CertificateValidation => ({ ok: true, attributes: { cn: leaf.subject.replace(/^CN=/, ''), subject: leaf.subject, serial: leaf.serialNumber, issuer: leaf.issuer, sanDns: [], sanEmail: [], sanUpn: [], sanUri: [] } })

interface Run { method: EapTlsMethod; rounds: number; session: Buffer | undefined; masterSecret: Buffer | undefined }

async function authenticate(n: Node, v: CertificateValidator, o: { session?: Buffer | undefined; tls13?: boolean } = {}): Promise<Run> {
  const method = new EapTlsMethod({ org: 'demo', secureContext: n.ctx, validator: v, reassemblyLimit: 65536 })
  const peer = new TlsPeer({
    ca, cert: readFileSync(client.cert), key: readFileSync(client.key), servername: 'localhost',
    ...(o.tls13 === true ? { minVersion: 'TLSv1.3' as const } : { maxVersion: 'TLSv1.2' as const, secureOptions: constants.SSL_OP_NO_TICKET }),
    ...(o.session === undefined ? {} : { session: o.session }),
  })
  let session: Buffer | undefined
  let masterSecret: Buffer | undefined
  peer.socket.on('session', (s: Buffer) => { session = s })
  // NSS key log line "CLIENT_RANDOM <client random> <master secret>" (TLS 1.2).
  peer.socket.on('keylog', (line: Buffer) => {
    const m = /^CLIENT_RANDOM \S+ ([0-9a-f]+)/i.exec(line.toString())
    if (m !== null) masterSecret = Buffer.from(m[1] as string, 'hex')
  })
  let rounds = 0
  try {
    while (!method.isDone()) {
      if (++rounds > 30) throw new Error('no end')
      const data = await peer.answer(method.buildReq())
      await method.process({ type: method.type, data, maxEapLength: MTU })
    }
  } finally {
    peer.destroy()
  }
  return { method, rounds, session, masterSecret }
}

async function until(f: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !f(); i++) await new Promise((r) => setTimeout(r, 10))
  expect(f()).toBe(true)
}

/** The session ID of a client session (i2d_SSL_SESSION): read back through the server's KV keys instead. */
async function storedKeys(): Promise<string[]> {
  const keys: string[] = []
  for await (const k of await topo.tlsSessions.keys()) keys.push(k)
  return keys
}

beforeAll(async () => {
  nats = await startNatsServer()
  nc = await connectNats({ servers: nats.url, name: 'tls-session-cache-test' })
  topo = await ensureTopology(nc)
  dir = mkdtempSync(join(tmpdir(), 'nac-tls-sessions-'))
  const caPair = opensslCa(dir, 'ca', '/CN=session test CA')
  const server = opensslLeaf(dir, caPair, 'server', '/CN=localhost', SERVER_EXT)
  client = opensslLeaf(dir, caPair, 'client', '/CN=dev-1', `${CLIENT_EXT}subjectAltName=DNS:dev-1\n`)
  ca = readFileSync(caPair.cert, 'utf8')
  serverPem = { cert: readFileSync(server.cert), key: readFileSync(server.key) }
}, 30_000)

afterAll(async () => {
  await nc?.close()
  await nats?.stop()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

describe('TLS 1.2 session-ID cache shared through KV', () => {
  it('a session made on node A resumes on node B with fewer round trips; the kept leaf is validated again', async () => {
    const a = node()
    const b = node()
    const vA = validator(accept)
    const full = await authenticate(a, vA)
    expect(full.method.succeeded()).toBe(true)
    expect(full.method.resumed).toBe(false)
    expect(full.method.tlsVersion).toBe('TLSv1.2')
    await until(() => a.counts.get('eap.tls.session.stored') === 1)

    const vB = validator(accept)
    const resumed = await authenticate(b, vB, { session: full.session })
    expect(resumed.method.failureReason()).toBeUndefined()
    expect(resumed.method.succeeded()).toBe(true)
    expect(resumed.method.resumed).toBe(true)
    expect(b.counts.get('eap.tls.session.hit_store')).toBe(1)
    expect(resumed.rounds).toBeLessThan(full.rounds)
    // RFC 5216 §2.1.2: the resumed peer is authorized again, from the leaf the session kept.
    expect(vB.seen).toHaveLength(1)
    expect(new X509Certificate(vB.seen[0]?.[0] as Uint8Array).subject).toBe('CN=dev-1')
    expect(resumed.method.peer()?.cn).toBe('dev-1')
    // Both ends derive the same keys from the resumed master secret: the peer's own check.
    expect(resumed.method.getKey()?.msk.length).toBe(64)
  })

  it('a resumed session whose certificate is now refused (revoked) fails: no success from the cache', async () => {
    const a = node()
    const full = await authenticate(a, validator(accept))
    await until(() => a.counts.get('eap.tls.session.stored') === 1)
    const revoked = validator(() => ({ ok: false, reason: 'REVOKED', message: 'revoked by CRL' }))
    const again = await authenticate(node(), revoked, { session: full.session })
    expect(again.method.resumed).toBe(true)
    expect(revoked.seen).toHaveLength(1)
    expect(again.method.succeeded()).toBe(false)
    expect(again.method.failureReason()).toBe('cert_revoked')
  })

  it('KV holds the session sealed: neither the client certificate nor the master secret in clear', async () => {
    const before = new Set(await storedKeys())
    const a = node()
    const full = await authenticate(a, validator(accept))
    await until(() => a.counts.get('eap.tls.session.stored') === 1)
    const added = (await storedKeys()).filter((k) => !before.has(k))
    expect(added).toHaveLength(1)
    expect(added[0]).toMatch(/^demo\.[0-9a-f]{64}$/)
    const value = Buffer.from((await topo.tlsSessions.get(added[0] as string))!.value)
    const certDer = new X509Certificate(readFileSync(client.cert)).raw
    expect(full.masterSecret?.length).toBe(48)
    expect(value.includes(full.masterSecret as Buffer)).toBe(false)
    expect(value.includes(certDer.subarray(0, 64))).toBe(false)
    // The plaintext session does hold both (i2d_SSL_SESSION), so the check above can fail.
    expect(full.session?.includes(full.masterSecret as Buffer)).toBe(true)
  })

  it('a tampered KV entry is refused (counted) and the peer gets a full handshake', async () => {
    const before = new Set(await storedKeys())
    const a = node()
    const full = await authenticate(a, validator(accept))
    await until(() => a.counts.get('eap.tls.session.stored') === 1)
    const key = (await storedKeys()).find((k) => !before.has(k)) as string
    const value = Buffer.from((await topo.tlsSessions.get(key))!.value)
    value[value.length - 1] = (value[value.length - 1] as number) ^ 1
    await topo.tlsSessions.put(key, value)
    const c = node()
    const again = await authenticate(c, validator(accept), { session: full.session })
    expect(c.counts.get('eap.tls.session.unseal_failed')).toBe(1)
    expect(again.method.succeeded()).toBe(true)
    expect(again.method.resumed).toBe(false)
  })

  it("another org's node does not resume the session (its own keys and KV keys): full handshake", async () => {
    const a = node()
    const full = await authenticate(a, validator(accept))
    await until(() => a.counts.get('eap.tls.session.stored') === 1)
    const other = node('other')
    const again = await authenticate(other, validator(accept), { session: full.session })
    expect(other.counts.get('eap.tls.session.miss')).toBe(1)
    expect(again.method.resumed).toBe(false)
    expect(again.method.succeeded()).toBe(true)
    expect(tlsSessionKey('other', 'ab')).not.toBe(tlsSessionKey('demo', 'ab'))
  })

  it('TLS 1.3 peers: nothing stored, nothing looked up (they resume by ticket)', async () => {
    const a = node()
    const r = await authenticate(a, validator(accept), { tls13: true })
    expect(r.method.tlsVersion).toBe('TLSv1.3')
    expect(r.method.succeeded()).toBe(true)
    await new Promise((res) => setTimeout(res, 100))
    expect([...a.counts.keys()].filter((k) => k.startsWith('eap.tls.session.'))).toEqual([])
    expect(a.cache.localSize).toBe(0)
  })
})
