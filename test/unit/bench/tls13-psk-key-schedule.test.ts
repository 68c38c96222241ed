// The lean TLS 1.3 client's PSK key schedule against RFC 8448 §3 and §4 (the NewSessionTicket of
// the simple 1-RTT handshake, then the "Resumed 0-RTT Handshake" with it): resumption_master_secret,
// the ticket's PSK (RFC 8446 §4.6.1), the early secret, the binder over the truncated ClientHello
// (§4.2.11.2), the handshake secret from the PSK; the codec's NewSessionTicket and ServerHello
// pre_shared_key, and where the binder sits in a ClientHello. Hex as transcribed from RFC 8448 in
// JoyLinks/network src/test/java/com/joyzl/network/tls/TestRFC8448.java (commit 1d6d2fac), whose
// own test checks them against its independent implementation.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decodeNewSessionTicket, decodeServerHello, truncatedClientHello, writeBinder } from '../../../bench/supplicant/tls13/handshake-codec.js'
import {
  deriveSecret, derivedFrom, handshakeSecret, masterSecret, pskBinder, pskEarlySecret, ticketPsk,
} from '../../../bench/supplicant/tls13/key-schedule.js'

const hex = (s: string): Buffer => Buffer.from(s, 'hex')
const th = (...msgs: Buffer[]): Buffer => { const h = createHash('sha256'); for (const m of msgs) h.update(m); return h.digest() }

// RFC 8448 §3 messages, ClientHello through the client Finished.
const FULL = [
  hex('010000c00303cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7000006130113031302010000910000000b0009000006736572766572ff01000100000a00140012001d0017001800190100010101020103010400230000003300260024001d002099381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c002b0003020304000d0020001e040305030603020308040805080604010501060102010402050206020202002d00020101001c00024001'),
  hex('020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e2692800130100002e00330024001d0020c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f002b00020304'),
  hex('080000240022000a00140012001d00170018001901000101010201030104001c0002400100000000'),
  hex('0b0001b9000001b50001b0308201ac30820115a003020102020102300d06092a864886f70d01010b0500300e310c300a06035504031303727361301e170d3136303733303031323335395a170d3236303733303031323335395a300e310c300a0603550403130372736130819f300d06092a864886f70d010101050003818d0030818902818100b4bb498f8279303d980836399b36c6988c0c68de55e1bdb826d3901a2461eafd2de49a91d015abbc9a95137ace6c1af19eaa6af98c7ced43120998e187a80ee0ccb0524b1b018c3e0b63264d449a6d38e22a5fda430846748030530ef0461c8ca9d9efbfae8ea6d1d03e2bd193eff0ab9a8002c47428a6d35a8d88d79f7f1e3f0203010001a31a301830090603551d1304023000300b0603551d0f0404030205a0300d06092a864886f70d01010b05000381810085aad2a0e5b9276b908c65f73a7267170618a54c5f8a7b337d2df7a594365417f2eae8f8a58c8f8172f9319cf36b7fd6c55b80f21a03015156726096fd335e5e67f2dbf102702e608ccae6bec1fc63a42a99be5c3eb7107c3c54e9b9eb2bd5203b1c3b84e0a8b2f759409ba3eac9d91d402dcc0cc8f8961229ac9187b42b4de10000'),
  hex('0f000084080400805a747c5d88fa9bd2e55ab085a61015b7211f824cd484145ab3ff52f1fda8477b0b7abc90db78e2d33a5c141a078653fa6bef780c5ea248eeaaa785c4f394cab6d30bbe8d4859ee511f602957b15411ac027671459e46445c9ea58c181e818e95b8c3fb0bf3278409d3be152a3da5043e063dda65cdf5aea20d53dfacd42f74f3'),
  hex('140000209b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718'),
  hex('14000020a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61'),
]
// RFC 8448 §3 {server} NewSessionTicket (ticket_nonce 0x0000, early_data max 0x400).
const NEW_SESSION_TICKET = hex('040000c90000001efad6aac502000000b22c035d829359ee5ff7af4ec900000000262a6494dc486d2c8a34cb33fa90bf1b0070ad3c498883c9367c09a2be785abc55cd226097a3a982117283f82a03a143efd3ff5dd36d64e861be7fd61d2827db279cce145077d454a3664d4e6da4d29ee03725a6a4dafcd0fc67d2aea70529513e3da2677fa5906c5b3f7d8f92f228bda40dda721470f9fbf297b5aea617646fac5c03272e970727c621a79141ef5f7de6505e5bfbc388e93343694093934ae4d3570008002a000400000400')
// RFC 8448 §4 ClientHello up to the binders (the truncated ClientHello), and the ServerHello accepting identity 0.
const CLIENT_HELLO_PREFIX = hex('010001fc03031bc3ceb6bbe39cff938355b5a50adb6db21b7a6af649d7b4bc419d7876487d95000006130113031302010001cd0000000b0009000006736572766572ff01000100000a00140012001d00170018001901000101010201030104003300260024001d0020e4ffb68ac05f8d96c99da26698346c6be16482badddafe051a66b4f18d668f0b002a0000002b0003020304000d0020001e040305030603020308040805080604010501060102010402050206020202002d00020101001c0002400100150057000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002900dd00b800b22c035d829359ee5ff7af4ec900000000262a6494dc486d2c8a34cb33fa90bf1b0070ad3c498883c9367c09a2be785abc55cd226097a3a982117283f82a03a143efd3ff5dd36d64e861be7fd61d2827db279cce145077d454a3664d4e6da4d29ee03725a6a4dafcd0fc67d2aea70529513e3da2677fa5906c5b3f7d8f92f228bda40dda721470f9fbf297b5aea617646fac5c03272e970727c621a79141ef5f7de6505e5bfbc388e93343694093934ae4d357fad6aacb')
const SERVER_HELLO_PSK = hex('0200005c03033ccfd2dec890222763472ae8136777c9d7358777bb66e91ea5122495f559ea2d00130100003400290002000000330024001d0020121761ee42c333e1b9e77b60dd57c2053cd94512ab47f115e86eff50942cea31002b00020304')

describe('TLS 1.3 PSK key schedule: RFC 8448 §3 ticket, §4 resumed handshake', () => {
  const master = masterSecret('sha256', hex('1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac'))
  const rms = deriveSecret('sha256', master, 'res master', th(...FULL))

  it('resumption_master_secret, and the PSK of the ticket (nonce 0x0000)', () => {
    expect(rms.toString('hex')).toBe('7df235f2031d2a051287d02b0241b0bfdaf86cc856231f2d5aba46c434ec196c')
    const t = decodeNewSessionTicket(NEW_SESSION_TICKET.subarray(4))
    expect(t.ok).toBe(true)
    if (!t.ok) return
    expect(t.value.lifetime).toBe(30)
    expect(t.value.ageAdd).toBe(0xfad6aac5)
    expect(t.value.nonce).toEqual(hex('0000'))
    expect(t.value.ticket.length).toBe(178)
    expect(t.value.extensions.get(42)).toEqual(hex('00000400'))
    expect(ticketPsk('sha256', rms, t.value.nonce).toString('hex')).toBe('4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3')
  })

  it('early secret from the PSK, the binder over the truncated ClientHello, and the handshake secret', () => {
    const early = pskEarlySecret('sha256', hex('4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3'))
    expect(early.toString('hex')).toBe('9b2188e9b2fc6d64d71dc329900e20bb41915000f678aa839cbb797cb7d8332c')
    expect(th(CLIENT_HELLO_PREFIX).toString('hex')).toBe('63224b2e4573f2d3454ca84b9d009a04f6be9e05711a8396473aefa01e924a14')
    const binder = pskBinder('sha256', early, th(CLIENT_HELLO_PREFIX))
    expect(binder.toString('hex')).toBe('3add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d')
    const derived = derivedFrom('sha256', early)
    expect(derived.toString('hex')).toBe('5f1790bbd82c5e7d376ed2e1e52f8e6038c9346db61b43be9a52f77ef3998e80')
    const hs = handshakeSecret('sha256', hex('f44194756ff9ec9d25180635d66ea6824c6ab3bf179977be37f723570e7ccb2e'), derived)
    expect(hs.toString('hex')).toBe('005cb112fd8eb4ccc623bb88a07c64b3ede1605363fc7d0df8c7ce4ff0fb4ae6')
  })

  it('the binder is the end of the ClientHello: truncation and writing', () => {
    // RFC 8448 §4: the ClientHello is the prefix, then binders<33..2^16-1> = 0x0021, one entry 0x20 || binder.
    const hello = Buffer.concat([CLIENT_HELLO_PREFIX, hex('002120'), Buffer.alloc(32)])
    expect(hello.readUIntBE(1, 3)).toBe(hello.length - 4)
    expect(truncatedClientHello(hello, 32)).toEqual(CLIENT_HELLO_PREFIX)
    writeBinder(hello, hex('3add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d'))
    expect(hello.subarray(-35).toString('hex')).toBe('0021203add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d')
  })

  it('the ServerHello that accepts the PSK: selected_identity 0', () => {
    const sh = decodeServerHello(SERVER_HELLO_PSK.subarray(4))
    expect(sh.ok).toBe(true)
    if (!sh.ok) return
    expect(sh.value.pskIdentity).toBe(0)
    expect(sh.value.others).toEqual([])
  })
})
