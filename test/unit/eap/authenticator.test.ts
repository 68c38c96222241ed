// The RFC 4137 authenticator's transitions (backend, hostapd style) with a scripted method, and
// the conversation table over RADIUS: retransmission replay, forged/expired State dropped,
// reassembly beyond the limit refused with EAP-Failure and Access-Reject.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSecureContext } from 'node:tls'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DEFAULT_EAP_SETTINGS, EapAuthenticator, EapConversations, EapState, StateTokenCodec, type EapOrgContext, type EapServerMethod, type MethodResponse,
} from '../../../actors/client/eap/index.js'
import { EapCode, EapType, TlsFlag, decodeEapPacket, eapMessageAttributes, encodeEapPacket, encodeTlsPayload } from '../../../proto/eap/index.js'
import { Attr, decodePacket, encodePacket, findAttribute, type Packet } from '../../../proto/radius/index.js'
import { Outcome, type RadiusReply } from '../../../proto/wire/envelope.js'

const identity = (id: number, name = 'dev'): Buffer => encodeEapPacket({ code: EapCode.Response, identifier: id, type: EapType.Identity, data: Buffer.from(name) })
const response = (id: number, type: number, data: Buffer): Buffer => encodeEapPacket({ code: EapCode.Response, identifier: id, type, data })

/** A method that succeeds after `rounds` responses. */
class ScriptedMethod implements EapServerMethod {
  readonly type = EapType.Tls
  readonly authType = 'EAP-TLS'
  seen = 0
  constructor(private readonly rounds: number, private readonly ok = true) {}
  buildReq(): Buffer { return Buffer.from([0x20]) }
  check(r: MethodResponse): boolean { return r.type === EapType.Tls }
  async process(): Promise<void> { this.seen++ }
  isDone(): boolean { return this.seen >= this.rounds }
  succeeded(): boolean { return this.ok }
  failureReason(): string | undefined { return this.ok ? undefined : 'scripted' }
  getKey() { return { msk: Buffer.alloc(64, 1), emsk: Buffer.alloc(64, 2), sessionId: Buffer.from([13]) } }
  peer() { return undefined }
  reset(): void {}
}

function machine(opts: { rounds?: number; ok?: boolean; allow?: boolean; methods?: number[] } = {}): EapAuthenticator {
  return new EapAuthenticator({
    methods: opts.methods ?? [EapType.Tls],
    createMethod: () => new ScriptedMethod(opts.rounds ?? 1, opts.ok ?? true),
    authorize: () => opts.allow ?? true,
  })
}

const idOf = (eap: Buffer): number => eap[1] as number

describe('EapAuthenticator (RFC 4137)', () => {
  it('Identity picked up, EAP-TLS proposed, method rounds, SUCCESS with the response identifier', async () => {
    const m = machine({ rounds: 2 })
    const a = await m.step(identity(5), 1400)
    expect(m.trace).toEqual(['INITIALIZE', 'PICK_UP_METHOD', 'METHOD_RESPONSE', 'SELECT_ACTION', 'PROPOSE_METHOD', 'METHOD_REQUEST', 'SEND_REQUEST', 'IDLE'])
    expect(a.action).toBe('send')
    if (a.action !== 'send') return
    expect(idOf(a.eapReqData)).toBe(6) // nextId(currentId)
    expect(m.identity).toBe('dev')
    const b = await m.step(response(6, EapType.Tls, Buffer.from([0])), 1400)
    expect(m.trace).toEqual(['RECEIVED', 'INTEGRITY_CHECK', 'METHOD_RESPONSE', 'METHOD_REQUEST', 'SEND_REQUEST', 'IDLE'])
    expect(b.action === 'send' && idOf(b.eapReqData)).toBe(7)
    const c = await m.step(response(7, EapType.Tls, Buffer.from([0])), 1400)
    expect(m.trace).toEqual(['RECEIVED', 'INTEGRITY_CHECK', 'METHOD_RESPONSE', 'SELECT_ACTION', 'SUCCESS'])
    expect(c.action).toBe('success')
    expect(c.action === 'success' && c.eapReqData.toString('hex')).toBe('03070004')
  })

  it('a response with the wrong identifier or method is DISCARDed and the machine waits again', async () => {
    const m = machine()
    await m.step(identity(1), 1400)
    expect(await m.step(response(9, EapType.Tls, Buffer.from([0])), 1400)).toEqual({ action: 'discard', reason: 'wrong_id' })
    expect(m.trace).toEqual(['RECEIVED', 'DISCARD', 'IDLE'])
    expect(await m.step(response(2, EapType.Peap, Buffer.from([0])), 1400)).toEqual({ action: 'discard', reason: 'wrong_method' })
    expect((await m.step(response(2, EapType.Tls, Buffer.from([0])), 1400)).action).toBe('success')
  })

  it('NAK of the proposed method: the next allowed method the peer desires, else FAILURE (RFC 3748 §5.3.1)', async () => {
    const m = machine({ methods: [EapType.Tls, EapType.Ttls] })
    await m.step(identity(1), 1400)
    const b = await m.step(response(2, EapType.Nak, Buffer.from([EapType.Ttls])), 1400)
    expect(m.trace).toEqual(['RECEIVED', 'NAK', 'SELECT_ACTION', 'PROPOSE_METHOD', 'METHOD_REQUEST', 'SEND_REQUEST', 'IDLE'])
    expect(b.action).toBe('send')
    const only = machine()
    await only.step(identity(1), 1400)
    const f = await only.step(response(2, EapType.Nak, Buffer.from([EapType.MsChapV2])), 1400)
    expect(f).toMatchObject({ action: 'failure', reason: 'nak_no_common_method' })
    expect(f.action === 'failure' && f.eapReqData.toString('hex')).toBe('04020004')
  })

  it('a method that fails, or a policy that blocks, ends in FAILURE', async () => {
    const failed = machine({ ok: false })
    await failed.step(identity(1), 1400)
    expect(await failed.step(response(2, EapType.Tls, Buffer.from([0])), 1400)).toMatchObject({ action: 'failure', reason: 'scripted' })
    const blocked = machine({ allow: false })
    await blocked.step(identity(1), 1400)
    expect(await blocked.step(response(2, EapType.Tls, Buffer.from([0])), 1400)).toMatchObject({ action: 'failure', reason: 'policy' })
    expect(blocked.state).toBe(EapState.FAILURE)
  })

  it('EAP-Start (empty EAP-Message, RFC 3579 §2.1) gets Request/Identity', async () => {
    const m = machine()
    const a = await m.step(Buffer.alloc(0), 1400)
    expect(m.trace).toEqual(['INITIALIZE', 'SELECT_ACTION', 'PROPOSE_METHOD', 'METHOD_REQUEST', 'SEND_REQUEST', 'IDLE'])
    const d = a.action === 'send' ? decodeEapPacket(a.eapReqData) : undefined
    expect(d?.ok && 'type' in d.value && d.value.type).toBe(EapType.Identity)
  })
})

describe('EapConversations over RADIUS', () => {
  let dir: string
  let eapCtx: EapOrgContext
  const counts = new Map<string, number>()
  let clock = 1_800_000_000_000
  const tokens = new StateTokenCodec(Buffer.alloc(32, 1))
  const conversations = (): EapConversations => new EapConversations({
    stateTokens: tokens,
    validator: { validate: async () => ({ ok: false, reason: 'UNKNOWN_CA', message: 'test' }) },
    count: (n) => counts.set(n, (counts.get(n) ?? 0) + 1),
    now: () => clock,
  })

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nac-eap-unit-'))
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=auth.test',
      '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' })
    eapCtx = {
      org: 'o', secureContext: createSecureContext({ cert: readFileSync(join(dir, 'c.pem')), key: readFileSync(join(dir, 'k.pem')), minVersion: 'TLSv1.2' }),
      trustedCas: [], settings: DEFAULT_EAP_SETTINGS,
    }
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const request = (eap: Buffer, state?: Buffer, authenticator = Buffer.alloc(16, 3)): Packet => {
    const raw = encodePacket({ code: 1, identifier: 1, authenticator, attributes: [
      ...eapMessageAttributes(eap), ...(state === undefined ? [] : [{ type: Attr.State, value: state }]),
    ] })
    const d = decodePacket(raw)
    if (!d.ok) throw new Error(d.reason)
    return d.value
  }
  const ctx = (packet: Packet) => ({ org: 'o', packet, authorize: () => ({ allowed: true, attributes: [] }) })
  const eapOf = (r: RadiusReply): Buffer => Buffer.concat(r.attributes.filter(([t]) => t === Attr.EAPMessage).map(([, v]) => Buffer.from(v)))
  const stateOf = (r: RadiusReply): Buffer => Buffer.from(r.attributes.find(([t]) => t === Attr.State)![1])

  it('a retransmitted Access-Request (same State, same EAP response) gets the same Access-Challenge', async () => {
    const c = conversations()
    const start = await c.handle(ctx(request(identity(1))), eapCtx)
    expect(start.outcome).toBe(Outcome.CHALLENGE)
    const id = idOf(eapOf(start))
    const hello = response(id, EapType.Tls, encodeTlsPayload({ flags: TlsFlag.L | TlsFlag.M, totalLength: 2000, data: Buffer.alloc(100, 0x16) }))
    const first = await c.handle(ctx(request(hello, stateOf(start))), eapCtx)
    const again = await c.handle(ctx(request(hello, stateOf(start), Buffer.alloc(16, 9))), eapCtx)
    expect(again).toBe(first)
    expect(counts.get('eap.retransmit.replayed')).toBe(1)
  })

  it('a forged, expired or unknown State is dropped and counted', async () => {
    const c = conversations()
    const start = await c.handle(ctx(request(identity(1))), eapCtx)
    const forged = stateOf(start)
    forged[5]! ^= 1
    const ack = response(idOf(eapOf(start)), EapType.Tls, Buffer.from([0]))
    expect((await c.handle(ctx(request(ack, forged)), eapCtx)).outcome).toBe(Outcome.DROP)
    expect(counts.get('eap.drop.state_forged')).toBe(1)
    clock += 31_000
    expect((await c.handle(ctx(request(ack, stateOf(start))), eapCtx)).outcome).toBe(Outcome.DROP)
    expect(counts.get('eap.drop.state_expired')).toBe(1)
    const other = tokens.mint({ conversationId: Buffer.alloc(16), round: 1, expiresAt: clock / 1000 + 30 })
    expect((await c.handle(ctx(request(identity(1), other)), eapCtx)).outcome).toBe(Outcome.DROP)
    expect(counts.get('eap.drop.state_unknown_conversation')).toBe(1)
  })

  it('a TLS message announced beyond the 64 KiB limit ends in EAP-Failure and Access-Reject', async () => {
    const c = conversations()
    const start = await c.handle(ctx(request(identity(1))), eapCtx)
    const id = idOf(eapOf(start))
    const huge = response(id, EapType.Tls, encodeTlsPayload({ flags: TlsFlag.L | TlsFlag.M, totalLength: 1_000_000, data: Buffer.alloc(1000) }))
    const r = await c.handle(ctx(request(huge, stateOf(start))), eapCtx)
    expect(r.outcome).toBe(Outcome.REJECT)
    expect(eapOf(r).toString('hex')).toBe(`04${id.toString(16).padStart(2, '0')}0004`)
    expect(counts.get('eap.reject.reassembly_too_large')).toBe(1)
    expect(findAttribute(request(Buffer.alloc(0)), Attr.State)).toBeUndefined()
  })

  it('fragments that grow past the 64 KiB limit are refused, and 200 refused conversations leave no buffers behind', async () => {
    // Force collections so retained buffers, not garbage, are what is measured.
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const tables: EapConversations[] = []
    const before = counts.get('eap.reject.reassembly_too_large') ?? 0
    const attempt = async (): Promise<void> => {
      const c = conversations()
      tables.push(c) // the device's actor stays alive: its table must not keep the reassembly
      let r = await c.handle(ctx(request(identity(1))), eapCtx)
      for (let i = 0; i < 80 && r.outcome === Outcome.CHALLENGE; i++) {
        // M bit, no L bit: the message only grows (RFC 5216 §3.1); each fragment is ACKed.
        const frag = response(idOf(eapOf(r)), EapType.Tls, encodeTlsPayload({ flags: TlsFlag.M, totalLength: undefined, data: Buffer.alloc(1000, i) }))
        r = await c.handle(ctx(request(frag, stateOf(r), Buffer.alloc(16, i))), eapCtx)
      }
      expect(r.outcome).toBe(Outcome.REJECT)
    }
    await attempt()
    gc()
    const base = process.memoryUsage().arrayBuffers
    for (let n = 0; n < 200; n++) await attempt()
    gc()
    const grown = process.memoryUsage().arrayBuffers - base
    expect(counts.get('eap.reject.reassembly_too_large')! - before).toBe(201)
    // Kept reassemblies would be 200 x 64 KiB = 12.8 MiB; the finished conversations themselves
    // (their replay entries) stay, a few KiB each, which is why the bound is not zero.
    expect(grown).toBeLessThan(6 * 1024 * 1024)
  })

  it('keeps at most two conversations per device', async () => {
    const c = conversations()
    for (let i = 0; i < 5; i++) await c.handle(ctx(request(identity(i))), eapCtx)
    expect(c.size).toBe(2)
  })
})
