// The gateway's per-packet path with a router that answers from a table: reply signing, Message-
// Authenticator first, Proxy-State copied, MS-MPPE keys salt-encrypted for this NAS, outcomes
// that mean "no reply", and duplicates.
import { describe, expect, it } from 'vitest'
import {
  Attr, Code, MESSAGE_AUTHENTICATOR_PLACEHOLDER, decodePacket, encodePacket, findAttributes, randomAuthenticator, saltDecrypt, signRequest,
  verifyMessageAuthenticator, verifyResponseAuthenticator, type RawAttribute,
} from '../../../proto/radius/index.js'
import { Outcome, type RadiusReply, type RadiusRequest } from '../../../proto/wire/envelope.js'
import { Counters } from '../../../gateway/counters.js'
import { DedupCache } from '../../../gateway/dispatch/dedup-cache.js'
import { RequestHandler, type NasContext } from '../../../gateway/dispatch/request-handler.js'

const secret = Buffer.from('s3cret')
const nas: NasContext = { org: 'o', site: undefined, nasId: 'n', vendor: undefined, transport: 'udp', secret, requireMessageAuthenticator: true, service: 'auth' }

function setup(answer: (req: RadiusRequest) => RadiusReply | undefined) {
  const counters = new Counters()
  const seen: RadiusRequest[] = []
  const handler = new RequestHandler({
    router: { route: async (req) => { seen.push(req); return answer(req) } },
    counters, shardCount: 16, routeTimeoutMs: 100, now: () => 1000,
  })
  const dedup = new DedupCache(1000, 100)
  const send = async (p: Buffer, prefix = 'x'): Promise<Buffer | undefined> => {
    let out: Buffer | undefined
    await handler.handle(p, nas, dedup, prefix, (r) => { out = r })
    return out
  }
  return { counters, seen, send }
}

function request(attrs: RawAttribute[], id = 1): Buffer {
  const p = encodePacket({ code: Code.AccessRequest, identifier: id, authenticator: randomAuthenticator(), attributes: [MESSAGE_AUTHENTICATOR_PLACEHOLDER, ...attrs] })
  signRequest(p, secret)
  return p
}

const mab = [{ type: Attr.UserName, value: Buffer.from('020000000001') }, { type: Attr.CallingStationId, value: Buffer.from('02-00-00-00-00-01') }]

describe('RequestHandler', () => {
  it('signs an Accept with Message-Authenticator first and copies Proxy-State in order', async () => {
    const { send, seen } = setup(() => ({ outcome: Outcome.ACCEPT, attributes: [[Attr.FilterId, Buffer.from('r')]], error: undefined }))
    const req = request([...mab, { type: Attr.ProxyState, value: Buffer.from('p1') }, { type: Attr.ProxyState, value: Buffer.from('p2') }])
    const reply = await send(req)
    expect(seen[0]?.clientKey).toBe('o.020000000001')
    const d = decodePacket(reply!)
    expect(d.ok).toBe(true)
    if (!d.ok) return
    expect(d.value.code).toBe(Code.AccessAccept)
    expect(d.value.attributes[0]?.type).toBe(Attr.MessageAuthenticator)
    expect(findAttributes(d.value, Attr.ProxyState).map((a) => a.value.toString())).toEqual(['p1', 'p2'])
    const reqAuth = req.subarray(4, 20)
    expect(verifyResponseAuthenticator(reply!, reqAuth, secret)).toBe(true)
    expect(verifyMessageAuthenticator(reply!, secret, reqAuth)).toBe('valid')
  })

  it('salt-encrypts MS-MPPE keys with the NAS secret and request authenticator (RFC 2548)', async () => {
    const recv = Buffer.alloc(32, 0xaa)
    const sendKey = Buffer.alloc(32, 0x55)
    const { send } = setup(() => ({ outcome: Outcome.ACCEPT, attributes: [], error: undefined, mppe: { recv, send: sendKey } }))
    const req = request(mab)
    const d = decodePacket((await send(req))!)
    if (!d.ok) throw new Error(d.reason)
    const vsas = findAttributes(d.value, Attr.VendorSpecific).map((a) => ({ vendor: a.value.readUInt32BE(0), type: a.value[4], len: a.value[5], data: a.value.subarray(6) }))
    expect(vsas.map((v) => [v.vendor, v.type])).toEqual([[311, 16], [311, 17]])
    for (const v of vsas) expect(v.len).toBe(v.data.length + 2)
    const plain = vsas.map((v) => saltDecrypt(v.data, secret, req.subarray(4, 20)))
    expect(plain.map((p) => (p.ok ? p.value.toString('hex') : p.reason))).toEqual([sendKey.toString('hex'), recv.toString('hex')])
  })

  it('salt-encrypts listed attributes: a tagged standard one and a vendor one (RFC 2868 §3.5)', async () => {
    const { send } = setup(() => ({
      outcome: Outcome.ACCEPT, attributes: [], error: undefined,
      salted: [
        { vendor: 0, type: 69, tag: 0, plaintext: Buffer.from('passphrase-1') },
        { vendor: 14823, type: 44, tag: undefined, plaintext: Buffer.from('passphrase-2') },
      ],
    }))
    const req = request(mab)
    const d = decodePacket((await send(req))!)
    if (!d.ok) throw new Error(d.reason)
    const reqAuth = req.subarray(4, 20)
    const tp = findAttributes(d.value, 69)[0]!.value
    expect(tp[0]).toBe(0)
    const tpPlain = saltDecrypt(tp.subarray(1), secret, reqAuth)
    expect(tpPlain.ok && tpPlain.value.toString()).toBe('passphrase-1')
    const aruba = findAttributes(d.value, Attr.VendorSpecific).find((a) => a.value.readUInt32BE(0) === 14823)!.value
    expect([aruba[4], aruba[5]]).toEqual([44, aruba.length - 4])
    const arubaPlain = saltDecrypt(aruba.subarray(6), secret, reqAuth)
    expect(arubaPlain.ok && arubaPlain.value.toString()).toBe('passphrase-2')
  })

  it.each([Outcome.TIMEOUT, Outcome.OVERLOADED, Outcome.DROP, Outcome.FAILED])('%s gets no reply, and a retransmission is routed again', async (outcome) => {
    const { send, seen, counters } = setup(() => ({ outcome, attributes: [], error: undefined }))
    const req = request(mab)
    expect(await send(req)).toBeUndefined()
    expect(await send(req)).toBeUndefined()
    expect(seen).toHaveLength(2)
    expect(counters.get(`no_reply.${outcome}`)).toBe(2)
  })

  it('a router timeout (undefined) gets no reply, never a reject', async () => {
    const { send } = setup(() => undefined)
    expect(await send(request(mab))).toBeUndefined()
  })

  it('replays the cached reply to a duplicate without routing it again (RFC 5080 §2.2.2)', async () => {
    const { send, seen } = setup(() => ({ outcome: Outcome.REJECT, attributes: [], error: undefined }))
    const req = request(mab)
    const a = await send(req)
    const b = await send(req)
    expect(b?.equals(a!)).toBe(true)
    expect(seen).toHaveLength(1)
  })

  it('drops a request without Message-Authenticator on UDP, and one with a forged one', async () => {
    const { send, counters } = setup(() => ({ outcome: Outcome.ACCEPT, attributes: [], error: undefined }))
    const bare = encodePacket({ code: Code.AccessRequest, identifier: 9, authenticator: randomAuthenticator(), attributes: mab })
    expect(await send(bare)).toBeUndefined()
    expect(counters.get('drop.missing_message_authenticator')).toBe(1)
    const forged = request(mab)
    forged[forged.length - 1] = forged[forged.length - 1]! ^ 1
    expect(await send(forged)).toBeUndefined()
    expect(counters.get('drop.bad_message_authenticator')).toBe(1)
  })
})
