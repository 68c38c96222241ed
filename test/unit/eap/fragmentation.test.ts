// EAP-TLS fragmentation and reassembly (RFC 5216 §3.1): properties over any message and any
// Framed-MTU from 100 to 1500, inbound fragments split anywhere, and the hard reassembly limit.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ReassemblyFailure, TlsFlag, TlsReassembler, fragmentTlsMessage, type TlsPayload } from '../../../proto/eap/index.js'

describe('fragmentTlsMessage', () => {
  it('every fragment fits the MTU, L on the first of several, M on all but the last, and reassembly gives the message back', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 12_000 }), fc.integer({ min: 100, max: 1500 }), (bytes, mtu) => {
      const message = Buffer.from(bytes)
      const frags = fragmentTlsMessage(message, mtu)
      const r = new TlsReassembler()
      frags.forEach((f, i) => {
        const eapLength = 4 + 1 + 1 + ((f.flags & TlsFlag.L) !== 0 ? 4 : 0) + f.data.length
        expect(eapLength).toBeLessThanOrEqual(mtu)
        expect((f.flags & TlsFlag.M) !== 0).toBe(i < frags.length - 1)
        expect((f.flags & TlsFlag.L) !== 0).toBe(i === 0 && frags.length > 1)
        const step = r.push(f)
        if (i < frags.length - 1) expect(step.kind).toBe('more')
        else expect(step).toEqual({ kind: 'done', message })
      })
    }))
  })
})

describe('TlsReassembler', () => {
  it('reassembles fragments split at arbitrary points, with or without the L bit', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 5000 }), fc.array(fc.integer({ min: 1, max: 4999 }), { maxLength: 8 }), fc.boolean(), (bytes, cuts, withL) => {
      const message = Buffer.from(bytes)
      const points = [...new Set(cuts.filter((c) => c < message.length))].sort((a, b) => a - b)
      const bounds = [0, ...points, message.length]
      const r = new TlsReassembler()
      let last
      for (let i = 0; i < bounds.length - 1; i++) {
        const more = i < bounds.length - 2
        const p: TlsPayload = {
          flags: (more ? TlsFlag.M : 0) | (i === 0 && withL ? TlsFlag.L : 0),
          totalLength: i === 0 && withL ? message.length : undefined,
          data: message.subarray(bounds[i], bounds[i + 1]),
        }
        last = r.push(p)
      }
      expect(last).toEqual({ kind: 'done', message })
    }))
  })

  it('refuses a message announced beyond the limit at once, and buffers nothing more', () => {
    const r = new TlsReassembler(64 * 1024)
    expect(r.push({ flags: TlsFlag.L | TlsFlag.M, totalLength: 64 * 1024 + 1, data: Buffer.alloc(10) })).toEqual({ kind: 'failed', reason: ReassemblyFailure.TOO_LARGE })
    expect(r.inProgress).toBe(false)
    expect(r.push({ flags: 0, totalLength: undefined, data: Buffer.alloc(10) })).toEqual({ kind: 'failed', reason: ReassemblyFailure.TOO_LARGE })
    expect(r.inProgress).toBe(false)
  })

  it('refuses fragments that grow past the limit without an L bit', () => {
    const r = new TlsReassembler(4096)
    let step
    for (let i = 0; i < 5; i++) step = r.push({ flags: TlsFlag.M, totalLength: undefined, data: Buffer.alloc(1000) })
    expect(step).toEqual({ kind: 'failed', reason: ReassemblyFailure.TOO_LARGE })
    expect(r.inProgress).toBe(false)
  })

  it('refuses more or fewer octets than announced', () => {
    const over = new TlsReassembler()
    over.push({ flags: TlsFlag.L | TlsFlag.M, totalLength: 10, data: Buffer.alloc(8) })
    expect(over.push({ flags: 0, totalLength: undefined, data: Buffer.alloc(8) })).toEqual({ kind: 'failed', reason: ReassemblyFailure.LENGTH_MISMATCH })
    const under = new TlsReassembler()
    under.push({ flags: TlsFlag.L | TlsFlag.M, totalLength: 100, data: Buffer.alloc(8) })
    expect(under.push({ flags: 0, totalLength: undefined, data: Buffer.alloc(8) })).toEqual({ kind: 'failed', reason: ReassemblyFailure.LENGTH_MISMATCH })
  })
})
