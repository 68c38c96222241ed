// EAP-TTLS/PAP and PEAP-TLS server methods against an in-process node:tls peer (tls-peer.ts):
// framing with fragments at a small MTU, phase 2 (RFC 5281 §11.2.5 PAP AVPs; PEAPv0 compressed
// inner EAP, inner EAP-TLS, Result TLV), the refusals by reason, and the keys as the peer derives
// them from its own side of the tunnel (RFC 5281 §8 "ttls keying material"; PEAPv0 "client EAP
// encryption"; RFC 9427 §2.1 for TLS 1.3).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSecureContext, type SecureContext, type TLSSocket } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AvpCode, AvpFlag, EapType, VENDOR_MICROSOFT, encodeAvp } from '../../../proto/eap/index.js'
import type { CertificateValidator } from '../../../actors/client/eap/certificate-validator.js'
import { IdentityProviders } from '../../../actors/client/eap/identity-provider.js'
import { LocalUsersProvider } from '../../../actors/client/eap/local-users-provider.js'
import { PeapMethod } from '../../../actors/client/eap/peap-method.js'
import { TtlsMethod } from '../../../actors/client/eap/ttls-method.js'
import type { EapServerMethod } from '../../../actors/client/eap/eap-method.js'
import { hashPassword, verifyPassword } from '../../../workers/tasks/password-hash.js'
import { CLIENT_EXT, SERVER_EXT, opensslCa, opensslLeaf } from '../../support/openssl-pki.js'
import { TlsPeer, type Phase2 } from './tls-peer.js'

const MTU = 400

let dir: string
let serverCtx: SecureContext
let ca: string
let client: { cert: string; key: string }

const attributes = { cn: 'dev-1', subject: 'CN=dev-1', serial: '01', issuer: 'CN=ca', sanDns: ['dev-1'], sanEmail: [], sanUpn: [], sanUri: [] }
const acceptAll: CertificateValidator = { validate: async () => ({ ok: true, attributes }) }
const unknownCa: CertificateValidator = { validate: async () => ({ ok: false, reason: 'UNKNOWN_CA', message: 'no chain' }) }

const identities = (): IdentityProviders => {
  const users = [{ name: 'alice', passwordHash: hashPassword({ password: 'wonderland', N: 1024 }) }]
  return new IdentityProviders(new LocalUsersProvider({ users: () => users, verifyHash: async (passwordHash, password) => verifyPassword({ passwordHash, password }) }))
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nac-ttls-unit-'))
  const caPair = opensslCa(dir, 'ca', '/CN=unit CA')
  const server = opensslLeaf(dir, caPair, 'server', '/CN=localhost', SERVER_EXT)
  client = opensslLeaf(dir, caPair, 'client', '/CN=dev-1', `${CLIENT_EXT}subjectAltName=DNS:dev-1\n`)
  ca = readFileSync(caPair.cert, 'utf8')
  serverCtx = createSecureContext({ cert: readFileSync(server.cert), key: readFileSync(server.key), ca, minVersion: 'TLSv1.2' })
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Run the method against the peer until it ends; returns the round count. */
async function drive(method: EapServerMethod, peer: TlsPeer, phase2: Phase2): Promise<number> {
  let rounds = 0
  while (!method.isDone()) {
    if (++rounds > 60) throw new Error('no end')
    const req = method.buildReq(MTU)
    expect(req.length + 5).toBeLessThanOrEqual(MTU)
    const data = await peer.answer(req, phase2)
    expect(method.check({ type: method.type, data, maxEapLength: MTU })).toBe(true)
    await method.process({ type: method.type, data, maxEapLength: MTU })
  }
  return rounds
}

function exporter(socket: TLSSocket, length: number, label: string, context?: Buffer): Buffer {
  const f = socket.exportKeyingMaterial.bind(socket) as (l: number, lab: string, c?: Buffer) => Buffer
  return context === undefined ? f(length, label) : f(length, label, context)
}

const papAvps = (user: string, password: string): Buffer => {
  const pw = Buffer.alloc(Math.ceil(password.length / 16) * 16)
  pw.write(password)
  return Buffer.concat([
    encodeAvp({ code: AvpCode.UserName, vendorId: 0, mandatory: true, data: Buffer.from(user) }),
    encodeAvp({ code: AvpCode.UserPassword, vendorId: 0, mandatory: true, data: pw }),
  ])
}

const ttls = (): TtlsMethod => new TtlsMethod({ org: 'o', secureContext: serverCtx, reassemblyLimit: 65536, identities: identities() })

describe('EAP-TTLS/PAP', () => {
  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`${version}: alice / wonderland succeeds; MSK and EMSK are the peer's keying material`, async () => {
      const m = ttls()
      const peer = new TlsPeer({ ca, servername: 'localhost', minVersion: version, maxVersion: version })
      await drive(m, peer, async (_plain, up) => (up ? papAvps('alice', 'wonderland') : undefined))
      expect(m.failureReason()).toBeUndefined()
      expect(m.succeeded()).toBe(true)
      expect(m.innerUser).toBe('alice')
      const keys = m.getKey()!
      const km = version === 'TLSv1.2'
        ? exporter(peer.socket, 128, 'ttls keying material')
        : exporter(peer.socket, 128, 'EXPORTER_EAP_TLS_Key_Material', Buffer.from([EapType.Ttls]))
      expect(keys.msk.equals(km.subarray(0, 64))).toBe(true)
      expect(keys.emsk.equals(km.subarray(64))).toBe(true)
      expect(keys.sessionId[0]).toBe(EapType.Ttls)
      peer.destroy()
    })
  }

  const refusals: Array<[string, Buffer, string]> = [
    ['a wrong password', papAvps('alice', 'looking-glass'), 'ttls_bad_password'],
    ['an unknown user', papAvps('mallory', 'wonderland'), 'ttls_unknown_user'],
    ['MSCHAPv2 (MS-CHAP2-Response)', Buffer.concat([
      encodeAvp({ code: AvpCode.UserName, vendorId: 0, mandatory: true, data: Buffer.from('alice') }),
      encodeAvp({ code: AvpCode.MsChapChallenge, vendorId: VENDOR_MICROSOFT, mandatory: true, data: Buffer.alloc(16) }),
      encodeAvp({ code: AvpCode.MsChap2Response, vendorId: VENDOR_MICROSOFT, mandatory: true, data: Buffer.alloc(50) }),
    ]), 'ttls_mschapv2_unsupported'],
    ['CHAP', Buffer.concat([
      encodeAvp({ code: AvpCode.UserName, vendorId: 0, mandatory: true, data: Buffer.from('alice') }),
      encodeAvp({ code: AvpCode.ChapChallenge, vendorId: 0, mandatory: true, data: Buffer.alloc(16) }),
      encodeAvp({ code: AvpCode.ChapPassword, vendorId: 0, mandatory: true, data: Buffer.alloc(17) }),
    ]), 'ttls_chap_unsupported'],
    ['an unknown mandatory AVP', Buffer.concat([papAvps('alice', 'wonderland'), encodeAvp({ code: 9999, vendorId: 0, mandatory: true, data: Buffer.alloc(4) })]), 'ttls_unknown_mandatory_avp'],
    ['AVPs that do not decode', Buffer.from([0, 0, 0, 1, AvpFlag.M, 0, 0, 4]), 'ttls_avp_invalid'],
  ]
  for (const [name, avps, reason] of refusals) {
    it(`${name} fails with ${reason}, and no keys`, async () => {
      const m = ttls()
      const peer = new TlsPeer({ ca, servername: 'localhost', maxVersion: 'TLSv1.2' })
      await drive(m, peer, async (_plain, up) => (up ? avps : undefined))
      expect(m.succeeded()).toBe(false)
      expect(m.failureReason()).toBe(reason)
      expect(m.getKey()).toBeUndefined()
      peer.destroy()
    })
  }

  it('inner EAP-MSCHAPv2: the Identity gets an EAP-TLS Start, the Nak for MSCHAPv2 fails with ttls_mschapv2_unsupported', async () => {
    const m = ttls()
    const peer = new TlsPeer({ ca, servername: 'localhost', maxVersion: 'TLSv1.2' })
    const eapAvp = (eap: number[]): Buffer => encodeAvp({ code: AvpCode.EapMessage, vendorId: 0, mandatory: true, data: Buffer.from(eap) })
    const seen: Buffer[] = []
    await drive(m, peer, async (plain, up) => {
      if (up) return eapAvp([2, 7, 0, 10, 1, ...Buffer.from('alice')])
      seen.push(plain)
      return eapAvp([2, 8, 0, 6, EapType.Nak, EapType.MsChapV2])
    })
    // EAP-Message AVP (79, M) carrying Request id 8, Type 13, Flags S.
    expect(seen[0]?.subarray(0, 8).toString('hex')).toBe('0000004f4000000e')
    expect(seen[0]?.subarray(8, 14).toString('hex')).toBe('010800060d20')
    expect(m.failureReason()).toBe('ttls_mschapv2_unsupported')
    peer.destroy()
  })
})

describe('PEAPv0 with inner EAP-TLS', () => {
  /** The peer's phase 2: inner Identity, inner EAP-TLS with `inner`, Result TLV echoed. */
  function peapPeer(inner: TlsPeer, identity = 'dev-1', nak?: number[]): { phase2: Phase2; result: number[] } {
    const result: number[] = []
    const phase2: Phase2 = async (plain, up) => {
      if (up) return undefined
      // A full Extensions request (Type 33): echo its Result.
      if (plain.length >= 5 && plain[0] === 1 && plain[4] === 33) {
        result.push(plain.readUInt16BE(9))
        return Buffer.from([2, plain[1] as number, 0, 11, 33, 0x80, 3, 0, 2, 0, plain.readUInt16BE(9)])
      }
      const type = plain[0]
      if (type === EapType.Identity) return Buffer.concat([Buffer.from([EapType.Identity]), Buffer.from(identity)])
      if (nak !== undefined) return Buffer.from([EapType.Nak, ...nak])
      if (type === EapType.Tls) return Buffer.concat([Buffer.from([EapType.Tls]), await inner.answer(plain.subarray(1))])
      throw new Error(`unexpected inner ${plain.toString('hex')}`)
    }
    return { phase2, result }
  }

  it('TLSv1.2: inner EAP-TLS succeeds; Result TLV Success; MSK is the outer "client EAP encryption"; the inner certificate is the peer', async () => {
    const m = new PeapMethod({ org: 'o', secureContext: serverCtx, reassemblyLimit: 65536, validator: acceptAll })
    const outer = new TlsPeer({ ca, servername: 'localhost', maxVersion: 'TLSv1.2' })
    const inner = new TlsPeer({ ca, servername: 'localhost', maxVersion: 'TLSv1.2', cert: readFileSync(client.cert), key: readFileSync(client.key) })
    const p = peapPeer(inner)
    const rounds = await drive(m, outer, p.phase2)
    expect(m.failureReason()).toBeUndefined()
    expect(m.succeeded()).toBe(true)
    expect(p.result).toEqual([1])
    expect(inner.secure).toBe(true)
    expect(m.peer()).toEqual(attributes)
    expect(m.innerIdentity).toBe('dev-1')
    const km = exporter(outer.socket, 128, 'client EAP encryption')
    expect(m.getKey()!.msk.equals(km.subarray(0, 64))).toBe(true)
    expect(rounds).toBeGreaterThan(5)
    outer.destroy()
    inner.destroy()
  })

  it('a resumed TLS 1.2 outer session (the peer\'s Finished ends the handshake) starts phase 2 at once and succeeds', async () => {
    const run = async (session?: Buffer): Promise<{ m: PeapMethod; outer: TlsPeer; rounds: number }> => {
      const m = new PeapMethod({ org: 'o', secureContext: serverCtx, reassemblyLimit: 65536, validator: acceptAll })
      const outer = new TlsPeer({ ca, servername: 'localhost', maxVersion: 'TLSv1.2', ...(session === undefined ? {} : { session }) })
      const inner = new TlsPeer({ ca, servername: 'localhost', maxVersion: 'TLSv1.2', cert: readFileSync(client.cert), key: readFileSync(client.key) })
      const rounds = await drive(m, outer, peapPeer(inner).phase2)
      inner.destroy()
      return { m, outer, rounds }
    }
    const first = await run()
    expect(first.m.succeeded()).toBe(true)
    const session = first.outer.socket.getSession()
    first.outer.destroy()
    expect(session).toBeDefined()
    const second = await run(session)
    expect(second.outer.socket.isSessionReused()).toBe(true)
    expect(second.m.failureReason()).toBeUndefined()
    expect(second.m.succeeded()).toBe(true)
    expect(second.rounds).toBeLessThan(first.rounds)
    const km = exporter(second.outer.socket, 128, 'client EAP encryption')
    expect(second.m.getKey()!.msk.equals(km.subarray(0, 64))).toBe(true)
    second.outer.destroy()
  })

  it('an inner certificate the validator refuses fails with peap_inner_cert_unknown_ca', async () => {
    const m = new PeapMethod({ org: 'o', secureContext: serverCtx, reassemblyLimit: 65536, validator: unknownCa })
    const outer = new TlsPeer({ ca, servername: 'localhost', maxVersion: 'TLSv1.2' })
    const inner = new TlsPeer({ ca, servername: 'localhost', maxVersion: 'TLSv1.2', cert: readFileSync(client.cert), key: readFileSync(client.key) })
    await drive(m, outer, peapPeer(inner).phase2)
    expect(m.failureReason()).toBe('peap_inner_cert_unknown_ca')
    expect(m.getKey()).toBeUndefined()
    outer.destroy()
    inner.destroy()
  })

  it('a Nak of inner EAP-TLS asking for EAP-MSCHAPv2 fails with peap_mschapv2_unsupported; another Nak with peap_inner_nak', async () => {
    for (const [nak, reason] of [[[EapType.MsChapV2], 'peap_mschapv2_unsupported'], [[EapType.Md5Challenge], 'peap_inner_nak']] as const) {
      const m = new PeapMethod({ org: 'o', secureContext: serverCtx, reassemblyLimit: 65536, validator: acceptAll })
      const outer = new TlsPeer({ ca, servername: 'localhost', maxVersion: 'TLSv1.2' })
      await drive(m, outer, peapPeer(outer, 'alice', [...nak]).phase2)
      expect(m.failureReason()).toBe(reason)
      outer.destroy()
    }
  })
})
