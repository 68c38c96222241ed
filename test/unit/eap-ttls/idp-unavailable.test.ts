// An identity provider that cannot answer (network error, 5xx, no answer within the deadline)
// during EAP-TTLS/PAP: IdentityProviders.verify turns each into `unavailable`; the TTLS method
// then waits (awaiting() = idp_unavailable) without failing or sending, keeps the credentials, and
// the NAS's retransmission of the same response retries them (its TLS records are not fed twice);
// a different response while waiting is a protocol failure; the RFC 4137 authenticator discards
// a waiting method's round (nothing sent, the Identifier unchanged) and then succeeds on the
// retransmission. The peer is node:tls (tls-peer.ts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSecureContext, type SecureContext } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EapAuthenticator } from '../../../actors/client/eap/eap-authenticator.js'
import { idpUnavailableEvent } from '../../../actors/client/nac-event-builder.js'
import { IdentityProviders, type IdentityProvider, type PasswordVerdict } from '../../../actors/client/eap/identity-provider.js'
import { LocalUsersProvider } from '../../../actors/client/eap/local-users-provider.js'
import { TtlsMethod } from '../../../actors/client/eap/ttls-method.js'
import { AvpCode, EapCode, EapType, decodeEapPacket, encodeAvp, encodeEapPacket } from '../../../proto/eap/index.js'
import { hashPassword, verifyPassword } from '../../../workers/tasks/password-hash.js'
import { SERVER_EXT, opensslCa, opensslLeaf } from '../../support/openssl-pki.js'
import { TlsPeer, type Phase2 } from './tls-peer.js'

const MTU = 1400
let dir: string
let ca: string
let serverCtx: SecureContext

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nac-idp-down-'))
  const caPair = opensslCa(dir, 'ca', '/CN=unit CA')
  const server = opensslLeaf(dir, caPair, 'server', '/CN=localhost', SERVER_EXT)
  ca = readFileSync(caPair.cert, 'utf8')
  serverCtx = createSecureContext({ cert: readFileSync(server.cert), key: readFileSync(server.key), minVersion: 'TLSv1.2' })
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const users = [{ name: 'alice', passwordHash: hashPassword({ password: 'wonderland', N: 1024 }) }]
const local = new LocalUsersProvider({ users: () => users, verifyHash: async (passwordHash, password) => verifyPassword({ passwordHash, password }) })

type Failure = 'throws' | 'unavailable' | 'hangs'
/** The local users behind a provider that fails the first `failures` calls in the given way. */
function failing(how: Failure, failures: number): IdentityProvider & { calls: number } {
  const p = {
    calls: 0,
    async verify(org: string, user: string, password: Buffer): Promise<PasswordVerdict> {
      if (++p.calls <= failures) {
        if (how === 'throws') throw new TypeError('fetch failed: ECONNRESET')
        if (how === 'unavailable') return 'unavailable'
        return new Promise<PasswordVerdict>(() => {})
      }
      return local.verify(org, user, password)
    },
  }
  return p
}

const pap: Phase2 = async (_plain, up) => {
  if (!up) return undefined
  const pw = Buffer.alloc(16)
  pw.write('wonderland')
  return Buffer.concat([
    encodeAvp({ code: AvpCode.UserName, vendorId: 0, mandatory: true, data: Buffer.from('alice') }),
    encodeAvp({ code: AvpCode.UserPassword, vendorId: 0, mandatory: true, data: pw }),
  ])
}

describe('IdentityProviders.verify', () => {
  for (const how of ['throws', 'unavailable', 'hangs'] as const) {
    it(`a provider that ${how}: unavailable (never a password verdict)`, async () => {
      const ids = new IdentityProviders(failing(how, 1), new Map(), 50)
      expect(await ids.verify('o', 'alice', Buffer.from('wonderland'))).toBe('unavailable')
      expect(await ids.verify('o', 'alice', Buffer.from('wonderland'))).toBe('ok')
      expect(await ids.verify('o', 'alice', Buffer.from('queen'))).toBe('bad-password')
    })
  }
})

describe('EAP-TTLS/PAP while the identity provider cannot answer', () => {
  for (const how of ['throws', 'unavailable', 'hangs'] as const) {
    it(`${how}: the method waits, sends nothing, and the retransmitted response succeeds`, async () => {
      const provider = failing(how, 2)
      const m = new TtlsMethod({ org: 'o', secureContext: serverCtx, reassemblyLimit: 65536, identities: new IdentityProviders(provider, new Map(), 50) })
      const peer = new TlsPeer({ ca, servername: 'localhost', maxVersion: 'TLSv1.2' })
      let waited = 0
      for (let round = 0; round < 20 && !m.isDone(); round++) {
        const data = await peer.answer(m.buildReq(), pap)
        await m.process({ type: m.type, data, maxEapLength: MTU })
        // The NAS retransmits the same response while the server stays silent.
        while (m.awaiting() !== undefined) {
          expect(m.awaiting()).toBe('idp_unavailable')
          expect(m.isDone()).toBe(false)
          waited++
          await m.process({ type: m.type, data, maxEapLength: MTU })
        }
      }
      peer.destroy()
      expect(waited).toBe(2)
      expect(provider.calls).toBe(3)
      expect(m.failureReason()).toBeUndefined()
      expect(m.succeeded()).toBe(true)
      expect(m.innerUser).toBe('alice')
      expect(m.innerIdentity).toBe('alice')
    })
  }

  it('another response while waiting (not a retransmission): tunnel_protocol, no success', async () => {
    const m = new TtlsMethod({ org: 'o', secureContext: serverCtx, reassemblyLimit: 65536, identities: new IdentityProviders(failing('unavailable', 5), new Map(), 50) })
    const peer = new TlsPeer({ ca, servername: 'localhost', maxVersion: 'TLSv1.2' })
    for (let round = 0; round < 20 && m.awaiting() === undefined && !m.isDone(); round++) {
      const data = await peer.answer(m.buildReq(), pap)
      await m.process({ type: m.type, data, maxEapLength: MTU })
    }
    expect(m.awaiting()).toBe('idp_unavailable')
    await m.process({ type: m.type, data: Buffer.from([0x00, 0x16, 0x03, 0x03]), maxEapLength: MTU })
    peer.destroy()
    expect(m.failureReason()).toBe('tunnel_protocol')
  })

  it('the authenticator discards the waiting round (pending_idp_unavailable, Identifier kept) and succeeds on the retransmission', async () => {
    const ids = new IdentityProviders(failing('throws', 1), new Map(), 50)
    const a = new EapAuthenticator({
      methods: [EapType.Ttls],
      createMethod: () => new TtlsMethod({ org: 'o', secureContext: serverCtx, reassemblyLimit: 65536, identities: ids }),
      authorize: () => true,
    })
    const peer = new TlsPeer({ ca, servername: 'localhost', maxVersion: 'TLSv1.2' })
    let out = await a.step(encodeEapPacket({ code: EapCode.Response, identifier: 0, type: EapType.Identity, data: Buffer.from('anonymous') }), MTU)
    const outcomes: string[] = []
    for (let round = 0; round < 20 && (out.action === 'send' || out.action === 'discard'); round++) {
      if (out.action === 'discard') break
      const req = decodeEapPacket(out.eapReqData)
      if (!req.ok || !('type' in req.value)) throw new Error('no request')
      const resp = encodeEapPacket({ code: EapCode.Response, identifier: req.value.identifier, type: EapType.Ttls, data: await peer.answer(req.value.data, pap) })
      out = await a.step(resp, MTU)
      outcomes.push(out.action)
      if (out.action === 'discard') {
        expect(out.reason).toBe('pending_idp_unavailable')
        expect(a.currentId).toBe(req.value.identifier)
        out = await a.step(resp, MTU)
        outcomes.push(out.action)
      }
    }
    peer.destroy()
    expect(outcomes).toContain('discard')
    expect(out.action).toBe('success')
  })
})

describe('NAC event of an identity provider that could not answer', () => {
  it('NAC IDP Unreachable, negative, EAP-TTLS, reason unavailable', () => {
    const req = { kind: 'radius' as const, org: 'demo', site: 'hq', nasId: 'nas-1', vendor: undefined, transport: 'udp' as const, clientKey: 'k', shard: 0, deadline: 0, packet: new Uint8Array(0) }
    expect(idpUnavailableEvent(req, { mac: '020000000313', userName: 'anonymous' }, 7)).toMatchObject({
      type: 'NAC IDP Unreachable', polarity: 'negative', authType: 'EAP-TTLS', reason: 'unavailable', org: 'demo', ts: 7, mac: '020000000313',
    })
  })
})
