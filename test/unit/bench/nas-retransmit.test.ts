// The simulated UDP NAS's retransmission sweep (bench/transport/nas-base.ts, udp-nas.ts) against a
// real UDP server on port 0 that drops what it is told to: an unanswered request is sent 1 +
// retries times (RFC 5080 §2.2.1: the identical packet again) and times out after its budget; a
// reply to a retransmission finishes the request with its attempt count; requests queued for an
// Identifier end within about their budget; and the sweep stops once nothing is open.
import { createSocket, type Socket } from 'node:dgram'
import { afterEach, describe, expect, it } from 'vitest'
import { Code, MESSAGE_AUTHENTICATOR_PLACEHOLDER, decodePacket, encodePacket, signResponse } from '../../../proto/radius/index.js'
import { UdpNas } from '../../../bench/transport/udp-nas.js'
import { RandomPool } from '../../../bench/core/random-pool.js'

const SECRET = 'testing123'

interface Server { socket: Socket; port: number; received: Buffer[] }

/** A RADIUS server that answers a request's `answerOn`-th copy (1-based; 0: never) with an Access-Accept. */
async function server(answerOn: number): Promise<Server> {
  const socket = createSocket('udp4')
  const received: Buffer[] = []
  const copies = new Map<number, number>()
  socket.on('message', (msg, rinfo) => {
    received.push(msg)
    const id = msg[1] as number
    const n = (copies.get(id) ?? 0) + 1
    copies.set(id, n)
    if (n !== answerOn) return
    const reply = encodePacket({ code: Code.AccessAccept, identifier: id, authenticator: Buffer.alloc(16), attributes: [MESSAGE_AUTHENTICATOR_PLACEHOLDER] })
    signResponse(reply, msg.subarray(4, 20), Buffer.from(SECRET))
    socket.send(reply, rinfo.port, rinfo.address)
  })
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  return { socket, port: socket.address().port, received }
}

const open: Array<() => Promise<void>> = []
afterEach(async () => { for (const c of open.splice(0)) await c() })

async function setup(answerOn: number, timeoutMs: number, retries: number): Promise<{ s: Server; nas: UdpNas }> {
  const s = await server(answerOn)
  open.push(() => new Promise<void>((resolve) => s.socket.close(() => resolve())))
  const nas = await UdpNas.open({ host: '127.0.0.1', port: s.port, secret: SECRET, policy: { timeoutMs, retries }, nasId: 'nas-test' })
  open.push(() => nas.close())
  return { s, nas }
}

describe('UdpNas retransmission sweep', () => {
  it('sends 1 + retries identical copies, then times out, not before timeout × (1 + retries)', async () => {
    const { s, nas } = await setup(0, 40, 2)
    const t0 = performance.now()
    const e = await nas.exchange(Code.AccessRequest, [MESSAGE_AUTHENTICATOR_PLACEHOLDER])
    const took = performance.now() - t0
    expect(e.kind).toBe('timeout')
    expect(e.attempts).toBe(3)
    // Three attempts of 40 ms: never given up early (an upper bound would measure the machine).
    expect(took).toBeGreaterThanOrEqual(120)
    expect(s.received).toHaveLength(3)
    expect(s.received[1]?.equals(s.received[0] as Buffer)).toBe(true)
    expect(s.received[2]?.equals(s.received[0] as Buffer)).toBe(true)
    expect(nas.stats()).toMatchObject({ sent: 3, retransmits: 2, badReplies: 0 })
  })

  it('finishes on a reply to a retransmission, with its attempt count', async () => {
    const { s, nas } = await setup(2, 30, 2)
    const e = await nas.exchange(Code.AccessRequest, [MESSAGE_AUTHENTICATOR_PLACEHOLDER])
    expect(e.kind).toBe('answer')
    expect(e.attempts).toBe(2)
    if (e.kind === 'answer') expect(e.packet.code).toBe(Code.AccessAccept)
    // No third copy after the answer.
    await new Promise((r) => setTimeout(r, 80))
    expect(s.received).toHaveLength(2)
    expect(nas.stats()).toMatchObject({ sent: 2, retransmits: 1 })
    // Nothing open: the sweep has stopped (no interval left running).
    expect((nas as unknown as { sweeper: unknown }).sweeper).toBeUndefined()
  })

  it('answers at once need no retransmission, and each request has its own Identifier and authenticator', async () => {
    const { s, nas } = await setup(1, 1000, 2)
    const all = await Promise.all(Array.from({ length: 20 }, () => nas.exchange(Code.AccessRequest, [MESSAGE_AUTHENTICATOR_PLACEHOLDER])))
    expect(all.every((e) => e.kind === 'answer' && e.attempts === 1)).toBe(true)
    expect(new Set(s.received.map((p) => p[1])).size).toBe(20)
    expect(new Set(s.received.map((p) => p.subarray(4, 20).toString('hex'))).size).toBe(20)
    expect(s.received.every((p) => decodePacket(p).ok)).toBe(true)
  })

  it('a request queued for an Identifier ends as a timeout, never sent after its budget', async () => {
    const { s, nas } = await setup(0, 20, 0)
    // 256 Identifiers: the 257th request waits in the queue until one frees, and is sent then
    // only if its own budget (counted from its exchange) has not run out.
    const all = await Promise.all(Array.from({ length: 257 }, () => nas.exchange(Code.AccessRequest, [MESSAGE_AUTHENTICATOR_PLACEHOLDER])))
    expect(all.every((e) => e.kind === 'timeout')).toBe(true)
    expect(all[256]?.attempts).toBeLessThanOrEqual(1)
    expect(s.received.length).toBeGreaterThanOrEqual(256)
    expect(s.received.length).toBeLessThanOrEqual(257)
  })

  it('ends open requests on close', async () => {
    const { nas } = await setup(0, 1000, 2)
    const p = nas.exchange(Code.AccessRequest, [MESSAGE_AUTHENTICATOR_PLACEHOLDER])
    await nas.close()
    expect(await p).toMatchObject({ kind: 'error', reason: 'closed' })
  })
})

describe('RandomPool', () => {
  it('hands out each octet once, across blocks', () => {
    const pool = new RandomPool(64)
    const seen = Array.from({ length: 40 }, () => pool.take(16).toString('hex'))
    expect(new Set(seen).size).toBe(40)
    expect(pool.take(100)).toHaveLength(100)
  })
})
