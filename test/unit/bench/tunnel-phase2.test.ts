// Phase 2 of the harness's tunnel supplicants, on hand-made vectors. TTLS/PAP (RFC 5281 §10.1
// AVP layout, §11.2.5 password padding): User-Name and User-Password AVPs with the M bit, the
// password NUL-padded to 16 octets. PEAPv0 (MS-PEAP 2.2.8.1 Result TLV; header compression as in
// wpa_supplicant's eap_peap_process_phase2): a compressed Identity request gets a compressed
// Identity response; an Extensions request with Result Success gets Failure echoed back while the
// inner EAP-TLS handshake has not completed, and a truncated TLV is a Failure too.
import { createSecureContext } from 'node:tls'
import { describe, expect, it } from 'vitest'
import { PeapTlsPhase2 } from '../../../bench/supplicant/peap-tls-phase2.js'
import { TtlsPapPhase2, papAvps } from '../../../bench/supplicant/ttls-pap-phase2.js'

describe('TTLS/PAP phase 2', () => {
  it('sends User-Name and a NUL-padded User-Password as mandatory AVPs', async () => {
    const expected = Buffer.from(
      // Code 1 (User-Name), flags M (0x40), length 8 + 5, "alice", 3 octets of AVP padding.
      '00000001' + '40' + '00000d' + Buffer.from('alice').toString('hex') + '000000' +
      // Code 2 (User-Password), flags M, length 8 + 16, "wonderland" + 6 NULs (§11.2.5).
      '00000002' + '40' + '000018' + Buffer.from('wonderland').toString('hex') + '000000000000', 'hex')
    expect(papAvps({ user: 'alice', password: 'wonderland' })).toEqual(expected)
    const p = new TtlsPapPhase2({ user: 'alice', password: 'wonderland' })
    expect(p.complete).toBe(false)
    expect(await p.established()).toEqual(expected)
    expect(p.complete).toBe(true)
  })

  it('pads a 16-octet password to 16, an empty one to 16, 17 octets to 32; refuses more than 128 octets', () => {
    // The User-Name AVP of "u" takes 12 octets (8 + 1, padded); the password AVP's Length follows its Code and Flags.
    expect(papAvps({ user: 'u', password: 'x'.repeat(16) }).readUIntBE(12 + 5, 3)).toBe(8 + 16)
    expect(papAvps({ user: 'u', password: '' }).readUIntBE(12 + 5, 3)).toBe(8 + 16)
    expect(papAvps({ user: 'u', password: 'x'.repeat(17) }).readUIntBE(12 + 5, 3)).toBe(8 + 32)
    expect(() => papAvps({ user: 'u', password: 'x'.repeat(129) })).toThrow(/at most 128/)
  })

  it('phase 2 data from the server fails the conversation', async () => {
    const p = new TtlsPapPhase2({ user: 'alice', password: 'wonderland' })
    await p.established()
    expect(await p.receive(Buffer.from([0, 0, 0, 79]))).toBeUndefined()
    expect(p.failure).toMatch(/phase 2 data/)
    expect(p.complete).toBe(false)
  })
})

describe('PEAP-TLS phase 2', () => {
  const phase2 = (): PeapTlsPhase2 => new PeapTlsPhase2({ identity: 'demo-device-1', secureContext: createSecureContext({}), servername: 'auth.demo.example', maxEapLength: 1300 })

  it('answers the compressed Identity request with a compressed Identity response', async () => {
    const p = phase2()
    // Compressed: Type 1 only (no Code, Identifier, Length).
    expect(await p.receive(Buffer.from([1]))).toEqual(Buffer.concat([Buffer.from([1]), Buffer.from('demo-device-1')]))
    expect(await p.established()).toBeUndefined()
    p.close()
  })

  it('echoes Failure to a Result TLV Success before the inner handshake completed', async () => {
    const p = phase2()
    // Request, Identifier 7, Length 11, Type 33, TLV M|3, Length 2, Status 1 (Success).
    const answer = await p.receive(Buffer.from('0107000b21800300020001', 'hex'))
    // Response, Identifier 7, Length 11, Type 33, TLV M|3, Length 2, Status 2 (Failure).
    expect(answer).toEqual(Buffer.from('0207000b21800300020002', 'hex'))
    expect(p.complete).toBe(false)
    expect(p.failure).toMatch(/before the inner EAP-TLS handshake completed/)
    p.close()
  })

  it('a Result TLV whose Length overruns the packet is a Failure with its reason', async () => {
    const p = phase2()
    const answer = await p.receive(Buffer.from('0109000b21800300090001', 'hex'))
    expect(answer?.at(-1)).toBe(2)
    expect(p.failure).toMatch(/Result TLV status missing/)
    p.close()
  })
})
