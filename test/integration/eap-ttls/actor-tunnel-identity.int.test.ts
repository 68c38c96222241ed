// EAP-TTLS/PAP and PEAP-TLS through a client actor hosted by the real actor runtime on a real
// nats-server (config in KV, requests as NATS envelopes to the shard subject, as the gateway
// sends them), with an in-process node:tls supplicant (test/unit/eap-ttls/tls-peer.ts):
// - the identity provider cannot answer: no reply (outcome timeout, never a reject), counted
//   (eap.pending.idp_unavailable) and evented (NAC IDP Unreachable, reason unavailable); the
//   NAS's retransmission of the very same Access-Request is answered once the provider is back;
// - the policy sees the inner identity (TTLS inner User-Name, PEAP inner EAP Identity), not the
//   anonymous outer one: a table of user-name rules, each row's VLAN names the rule that matched.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NatsConnection } from '@nats-io/transport-node'
import { ActorNode, KvStateStore, connectNats } from '../../../actors/runtime/index.js'
import { ClientActor, type ClientState } from '../../../actors/client/index.js'
import { IdentityProviders, StateTokenCodec, X509ChainValidator, type IdentityProvider, type PasswordVerdict } from '../../../actors/client/eap/index.js'
import { LocalUsersProvider } from '../../../actors/client/eap/local-users-provider.js'
import { AvpCode, EapCode, EapType, decodeEapPacket, eapMessageAttributes, encodeAvp, encodeEapPacket, joinEapMessage } from '../../../proto/eap/index.js'
import { Attr, Code, decodePacket, encodePacket, type RawAttribute } from '../../../proto/radius/index.js'
import { Outcome, decodeReply, decodeRequest, encodeReply, encodeRequest, type RadiusReply, type RadiusRequest } from '../../../proto/wire/envelope.js'
import type { NacEvent } from '../../../proto/wire/nac-events.js'
import type { OrgConfig } from '../../../proto/wire/org-config.js'
import { shardOf } from '../../../proto/wire/shard.js'
import { shardSubject } from '../../../proto/wire/subjects.js'
import { ConfigWatcher } from '../../../ops/cluster/config-watcher.js'
import { applyOrg } from '../../../ops/cluster/config-store.js'
import { ensureTopology, type Topology } from '../../../ops/nats/topology.js'
import { loadDictionary } from '../../../ops/radius/dictionary-files.js'
import { hashPassword, verifyPassword } from '../../../workers/tasks/password-hash.js'
import { CLIENT_EXT, SERVER_EXT, opensslCa, opensslLeaf } from '../../support/openssl-pki.js'
import { startNatsServer, type NatsServer } from '../../support/nats-server.js'
import { TlsPeer, type Phase2 } from '../../unit/eap-ttls/tls-peer.js'
import { silentLog } from '../runtime/support.js'

const PREFIX = 'nactest'
const SHARDS = 4
const ORG = 'idtest'

let nats: NatsServer
let nc: NatsConnection
let topo: Topology
let dir: string
let ca: string
let client: { cert: Buffer; key: Buffer }
let node: ActorNode<RadiusRequest, RadiusReply, ClientState>
let directory: ConfigWatcher
const clusterKey = randomBytes(32)
const counts = new Map<string, number>()
const events: NacEvent[] = []
/** The identity provider's outage: while set, it fails as a provider does (a network error). */
let outage: 'network' | 'unavailable' | undefined

/** The local users, behind an outage switch: a throw (network error) or an `unavailable` answer (5xx). */
const provider = (inner: IdentityProvider): IdentityProvider => ({
  async verify(org, user, password): Promise<PasswordVerdict> {
    if (outage === 'network') throw new Error('connect ECONNREFUSED (identity provider down)')
    if (outage === 'unavailable') return 'unavailable'
    return inner.verify(org, user, password)
  },
})

function org(pki: { chainPem: string; keyPem: string; clientCa: string }): OrgConfig {
  const label = (name: string, values: string[]) => ({ name, type: 'user-name' as const, values })
  const vlan = (v: string) => ({ name: `vlan-${v}`, type: 'vlan' as const, vlan: v, allowEndpointOverride: false })
  const doc: OrgConfig = {
    v: 1, org: ORG, name: undefined, deviceCa: '', sites: [{ id: 'hq', name: undefined }], radiusClients: [],
    labels: [label('user-anonymous', ['anonymous*']), label('user-alice', ['alice']), label('user-dev-1', ['dev-1']), vlan('301'), vlan('302'), vlan('309')],
    // First match wins: a rule for the anonymous outer name comes first, so only a policy that
    // reads the inner identity reaches the others.
    rules: [
      { name: 'anonymous outer name', match: ['user-anonymous'], action: 'allow', assign: ['vlan-309'] },
      { name: 'alice by TTLS', match: ['EAP-TTLS', 'user-alice'], action: 'allow', assign: ['vlan-301'] },
      { name: 'dev-1 by PEAP', match: ['PEAP-TLS', 'user-dev-1'], action: 'allow', assign: ['vlan-302'] },
    ],
    pki: { trustedCas: [pki.clientCa], server: { chainPem: pki.chainPem, keyPem: pki.keyPem } },
    localUsers: [{ name: 'alice', passwordHash: hashPassword({ password: 'wonderland', N: 1024 }) }],
  }
  return doc
}

/** A NAS: Access-Requests for one device, as the gateway forwards them (envelope on the shard subject). */
class Nas {
  private id = 0
  private state: Buffer | undefined
  readonly clientKey: string
  constructor(private readonly mac: string, private readonly outer: string) {
    this.clientKey = `${ORG}.${mac.replaceAll(':', '')}`
  }

  packet(eap: Buffer): Buffer {
    const attributes: RawAttribute[] = [
      { type: Attr.UserName, value: Buffer.from(this.outer) },
      { type: Attr.CallingStationId, value: Buffer.from(this.mac.replaceAll(':', '-')) },
      { type: Attr.FramedMTU, value: Buffer.from([0, 0, 5, 0x78]) },
      ...eapMessageAttributes(eap),
      ...(this.state === undefined ? [] : [{ type: Attr.State, value: this.state }]),
    ]
    return encodePacket({ code: Code.AccessRequest, identifier: this.id++ & 0xff, authenticator: randomBytes(16), attributes })
  }

  async send(packet: Buffer): Promise<RadiusReply> {
    const req: RadiusRequest = {
      kind: 'radius', org: ORG, site: 'hq', nasId: 'nas-1', vendor: undefined, transport: 'udp',
      clientKey: this.clientKey, shard: shardOf(this.clientKey, SHARDS), deadline: Date.now() + 5000, packet,
    }
    const m = await nc.request(shardSubject(PREFIX, req.shard), encodeRequest(req), { timeout: 10_000 })
    const r = decodeReply(m.data)
    if (!r.ok) throw new Error('undecodable reply')
    const state = r.value.attributes.find(([t]) => t === Attr.State)
    if (state !== undefined) this.state = Buffer.from(state[1])
    return r.value
  }
}

/** The EAP-Request of a Challenge: its Type and Type-Data. */
function eapRequest(reply: RadiusReply): { id: number; type: number; data: Buffer } {
  const p = decodePacket(encodePacket({ code: Code.AccessChallenge, identifier: 0, authenticator: Buffer.alloc(16), attributes: reply.attributes.map(([type, value]) => ({ type, value: Buffer.from(value) })) }))
  if (!p.ok) throw new Error('bad challenge')
  const eap = joinEapMessage(p.value)
  if (!eap.ok) throw new Error('no EAP-Message')
  const d = decodeEapPacket(eap.value)
  if (!d.ok || d.value.code !== EapCode.Request || !('type' in d.value)) throw new Error('no EAP-Request')
  return { id: d.value.identifier, type: d.value.type, data: d.value.data }
}

const vlanOf = (reply: RadiusReply): string | undefined => {
  const v = reply.attributes.find(([t]) => t === Attr.TunnelPrivateGroupId)?.[1]
  return v === undefined ? undefined : Buffer.from(v).toString('utf8').replace(/^\0/, '')
}

interface Conversation { replies: RadiusReply[]; final: RadiusReply; retransmitted: RadiusReply[] }

/**
 * One 802.1X authentication of `method` (the peer Naks EAP-TLS for it). `onPhase2Request` runs
 * before the Access-Request that carries phase 2 credentials goes out; `retransmitWhile` says
 * whether that request is sent again unchanged (the NAS retransmitting after no reply).
 */
async function authenticate(nas: Nas, method: number, peer: TlsPeer, phase2: Phase2, hooks: { before?: (() => void) | undefined; retransmitWhile?: (r: RadiusReply) => boolean } = {}): Promise<Conversation> {
  const replies: RadiusReply[] = []
  const retransmitted: RadiusReply[] = []
  let reply = await nas.send(nas.packet(encodeEapPacket({ code: EapCode.Response, identifier: 0, type: EapType.Identity, data: Buffer.from('anonymous') })))
  replies.push(reply)
  let phase2Sent = false
  for (let round = 0; round < 40 && reply.outcome === Outcome.CHALLENGE; round++) {
    const req = eapRequest(reply)
    let typeData: Buffer
    if (req.type !== method) typeData = Buffer.from([method]) // a Nak naming the method (RFC 3748 §5.3.1)
    else {
      const wasSecure = peer.secure
      typeData = await peer.answer(req.data, phase2)
      if (wasSecure || peer.secure) phase2Sent = true
    }
    const packet = nas.packet(encodeEapPacket({ code: EapCode.Response, identifier: req.id, type: req.type !== method ? EapType.Nak : method, data: typeData }))
    if (phase2Sent && hooks.before !== undefined) {
      hooks.before()
      hooks.before = undefined
    }
    reply = await nas.send(packet)
    replies.push(reply)
    while (hooks.retransmitWhile?.(reply) === true) {
      reply = await nas.send(packet)
      retransmitted.push(reply)
    }
  }
  return { replies, final: reply, retransmitted }
}

const papAvps = (user: string, password: string): Buffer => {
  const pw = Buffer.alloc(16)
  pw.write(password)
  return Buffer.concat([
    encodeAvp({ code: AvpCode.UserName, vendorId: 0, mandatory: true, data: Buffer.from(user) }),
    encodeAvp({ code: AvpCode.UserPassword, vendorId: 0, mandatory: true, data: pw }),
  ])
}
const ttlsPhase2 = (user: string, password: string): Phase2 => async (_plain, up) => (up ? papAvps(user, password) : undefined)

/** PEAPv0 phase 2: inner Identity, inner EAP-TLS with `inner`, the Result TLV echoed. */
function peapPhase2(inner: TlsPeer, identity: string): Phase2 {
  return async (plain, up) => {
    if (up) return undefined
    if (plain.length >= 5 && plain[0] === 1 && plain[4] === 33) return Buffer.from([2, plain[1] as number, 0, 11, 33, 0x80, 3, 0, 2, 0, plain.readUInt16BE(9)])
    if (plain[0] === EapType.Identity) return Buffer.concat([Buffer.from([EapType.Identity]), Buffer.from(identity)])
    if (plain[0] === EapType.Tls) return Buffer.concat([Buffer.from([EapType.Tls]), await inner.answer(plain.subarray(1))])
    throw new Error(`unexpected inner ${plain.toString('hex')}`)
  }
}

let macN = 0x10
const nextMac = (): string => `02:00:00:00:09:${(macN++).toString(16)}`

beforeAll(async () => {
  nats = await startNatsServer()
  nc = await connectNats({ servers: nats.url, name: 'actor-tunnel-identity-test' })
  topo = await ensureTopology(nc)
  dir = mkdtempSync(join(tmpdir(), 'nac-tunnel-id-'))
  const caPair = opensslCa(dir, 'ca', '/CN=tunnel identity test CA')
  const server = opensslLeaf(dir, caPair, 'server', '/CN=localhost', SERVER_EXT)
  const c = opensslLeaf(dir, caPair, 'client', '/CN=dev-1', `${CLIENT_EXT}subjectAltName=DNS:dev-1\n`)
  ca = readFileSync(caPair.cert, 'utf8')
  client = { cert: readFileSync(c.cert), key: readFileSync(c.key) }
  await applyOrg(topo.config, org({ chainPem: readFileSync(server.cert, 'utf8'), keyPem: readFileSync(server.key, 'utf8'), clientCa: ca }), clusterKey)
  directory = new ConfigWatcher({ config: topo.config, endpoints: topo.endpoints, clusterKey, onError: (err) => { throw err } })
  await directory.start()
  const identities = new IdentityProviders(provider(new LocalUsersProvider({
    users: (o) => directory.orgConfig(o)?.localUsers,
    verifyHash: async (passwordHash, password) => verifyPassword({ passwordHash, password }),
  })), new Map(), 300)
  const deps = {
    dict: loadDictionary(), directory, accounting: { record: async () => {} },
    count: (n: string) => counts.set(n, (counts.get(n) ?? 0) + 1), now: Date.now,
    eap: { stateTokens: new StateTokenCodec(randomBytes(32)), validator: new X509ChainValidator((o) => directory.eap(o)?.trustedCas ?? []), identities },
    events: { emit: (e: NacEvent) => { events.push(e) } },
  }
  node = new ActorNode<RadiusRequest, RadiusReply, ClientState>({
    nc, nodeId: 'node-t', subjectPrefix: PREFIX, shardCount: SHARDS, shardOfKey: (key) => shardOf(key, SHARDS),
    decode: (data) => {
      const r = decodeRequest(data)
      return r.ok ? { ok: true, key: r.value.clientKey, msg: r.value } : { ok: false, reason: r.reason }
    },
    encode: encodeReply,
    activate: (_key, ctx) => ClientActor.activate(deps, ctx.state),
    store: new KvStateStore<ClientState>(topo.sessions),
    overloaded: () => ({ outcome: Outcome.OVERLOADED, attributes: [], error: { reason: 'MAILBOX_FULL', message: 'full', retryable: true } }),
    failed: () => ({ outcome: Outcome.FAILED, attributes: [], error: { reason: 'ACTOR_FAILED', message: 'failed', retryable: true } }),
    heartbeatMs: 300, leaseTtlMs: 1500, log: silentLog,
  })
  await node.start()
  // Every shard leased to the only node.
  for (let i = 0; i < 100 && node.ownedShards().length < SHARDS; i++) await new Promise((r) => setTimeout(r, 50))
}, 60_000)

afterAll(async () => {
  await node?.stop()
  directory?.stop()
  await nc?.close()
  await nats?.stop()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

describe('identity provider unavailable during EAP-TTLS/PAP', () => {
  for (const kind of ['network', 'unavailable'] as const) {
    it(`${kind === 'network' ? 'a network error' : 'a 5xx answer'}: no reply, counted and evented; the retransmission succeeds once it is back`, async () => {
      const before = counts.get('eap.pending.idp_unavailable') ?? 0
      const eventsBefore = events.length
      const peer = new TlsPeer({ ca, servername: 'localhost', maxVersion: 'TLSv1.2' })
      let noReplies = 0
      const r = await authenticate(new Nas(nextMac(), 'anonymous'), EapType.Ttls, peer, ttlsPhase2('alice', 'wonderland'), {
        before: () => { outage = kind },
        retransmitWhile: (reply) => {
          if (reply.outcome !== Outcome.TIMEOUT) return false
          // The NAS retransmits; the provider is back for the second retransmission.
          if (++noReplies === 2) outage = undefined
          return true
        },
      })
      peer.destroy()
      outage = undefined
      expect(noReplies).toBe(2)
      expect(r.replies.some((x) => x.outcome === Outcome.REJECT)).toBe(false)
      expect(r.replies.find((x) => x.outcome === Outcome.TIMEOUT)?.error?.retryable).toBe(true)
      expect((counts.get('eap.pending.idp_unavailable') ?? 0) - before).toBe(2)
      const unreachable = events.slice(eventsBefore).filter((e) => e.type === 'NAC IDP Unreachable')
      expect(unreachable).toHaveLength(2)
      expect(unreachable[0]).toMatchObject({ org: ORG, authType: 'EAP-TTLS', reason: 'unavailable', polarity: 'negative' })
      expect(r.final.outcome).toBe(Outcome.ACCEPT)
      expect(vlanOf(r.final)).toBe('301')
    }, 30_000)
  }
})

describe('the policy sees the inner identity, not the anonymous outer one', () => {
  const rows: Array<{ name: string; method: number; outer: string; run: (peer: TlsPeer) => Phase2; vlan: string | undefined; outcome: string }> = [
    { name: 'TTLS: outer anonymous, inner alice', method: EapType.Ttls, outer: 'anonymous', run: () => ttlsPhase2('alice', 'wonderland'), vlan: '301', outcome: Outcome.ACCEPT },
    { name: 'TTLS: outer anonymous@corp, inner alice', method: EapType.Ttls, outer: 'anonymous@corp', run: () => ttlsPhase2('alice', 'wonderland'), vlan: '301', outcome: Outcome.ACCEPT },
    { name: 'PEAP: outer anonymous, inner identity dev-1', method: EapType.Peap, outer: 'anonymous', run: (inner) => peapPhase2(inner, 'dev-1'), vlan: '302', outcome: Outcome.ACCEPT },
    // The inner name matches no user-name rule: denied, although the outer name has a rule.
    { name: 'PEAP: outer anonymous, inner identity dev-2', method: EapType.Peap, outer: 'anonymous', run: (inner) => peapPhase2(inner, 'dev-2'), vlan: undefined, outcome: Outcome.REJECT },
  ]
  for (const row of rows) {
    it(row.name, async () => {
      const eventsBefore = events.length
      const outer = new TlsPeer({ ca, servername: 'localhost', maxVersion: 'TLSv1.2' })
      const inner = new TlsPeer({ ca, servername: 'localhost', maxVersion: 'TLSv1.2', cert: client.cert, key: client.key })
      const r = await authenticate(new Nas(nextMac(), row.outer), row.method, outer, row.run(inner))
      outer.destroy()
      inner.destroy()
      expect(r.final.outcome).toBe(row.outcome)
      expect(vlanOf(r.final)).toBe(row.vlan)
      const decision = events.slice(eventsBefore).find((e) => e.type === 'NAC Client Access Allowed' || e.type === 'NAC Client Access Denied')
      expect(decision?.authRule).toBe(row.outcome === Outcome.ACCEPT ? (row.method === EapType.Ttls ? 'alice by TTLS' : 'dev-1 by PEAP') : undefined)
    }, 30_000)
  }
})
