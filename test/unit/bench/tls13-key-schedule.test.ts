// The lean TLS 1.3 client's key schedule against RFC 8448 §3 (Example Handshake Traces for TLS
// 1.3, "Simple 1-RTT Handshake", TLS_AES_128_GCM_SHA256, x25519): the published messages, shared
// secret and every derived secret, key and IV. Hex as transcribed from RFC 8448 §3 in
// JoyLinks/network src/test/java/com/joyzl/network/tls/TestRFC8448.java (commit 1d6d2fac), whose
// own test checks them against its independent implementation.
import { createHash, createPrivateKey, createPublicKey, diffieHellman } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  derivedEarlySecret, deriveSecret, exporter, finishedVerifyData, handshakeSecret, hkdfExtract, masterSecret, trafficKeys,
} from '../../../bench/supplicant/tls13/key-schedule.js'

const hex = (s: string): Buffer => Buffer.from(s, 'hex')

// RFC 8448 §3 messages.
const CLIENT_HELLO = hex('010000c00303cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7000006130113031302010000910000000b0009000006736572766572ff01000100000a00140012001d0017001800190100010101020103010400230000003300260024001d002099381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c002b0003020304000d0020001e040305030603020308040805080604010501060102010402050206020202002d00020101001c00024001')
const SERVER_HELLO = hex('020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e2692800130100002e00330024001d0020c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f002b00020304')
const ENCRYPTED_EXTENSIONS = hex('080000240022000a00140012001d00170018001901000101010201030104001c0002400100000000')
const CERTIFICATE = hex('0b0001b9000001b50001b0308201ac30820115a003020102020102300d06092a864886f70d01010b0500300e310c300a06035504031303727361301e170d3136303733303031323335395a170d3236303733303031323335395a300e310c300a0603550403130372736130819f300d06092a864886f70d010101050003818d0030818902818100b4bb498f8279303d980836399b36c6988c0c68de55e1bdb826d3901a2461eafd2de49a91d015abbc9a95137ace6c1af19eaa6af98c7ced43120998e187a80ee0ccb0524b1b018c3e0b63264d449a6d38e22a5fda430846748030530ef0461c8ca9d9efbfae8ea6d1d03e2bd193eff0ab9a8002c47428a6d35a8d88d79f7f1e3f0203010001a31a301830090603551d1304023000300b0603551d0f0404030205a0300d06092a864886f70d01010b05000381810085aad2a0e5b9276b908c65f73a7267170618a54c5f8a7b337d2df7a594365417f2eae8f8a58c8f8172f9319cf36b7fd6c55b80f21a03015156726096fd335e5e67f2dbf102702e608ccae6bec1fc63a42a99be5c3eb7107c3c54e9b9eb2bd5203b1c3b84e0a8b2f759409ba3eac9d91d402dcc0cc8f8961229ac9187b42b4de10000')
const CERTIFICATE_VERIFY = hex('0f000084080400805a747c5d88fa9bd2e55ab085a61015b7211f824cd484145ab3ff52f1fda8477b0b7abc90db78e2d33a5c141a078653fa6bef780c5ea248eeaaa785c4f394cab6d30bbe8d4859ee511f602957b15411ac027671459e46445c9ea58c181e818e95b8c3fb0bf3278409d3be152a3da5043e063dda65cdf5aea20d53dfacd42f74f3')
const SERVER_FINISHED = hex('140000209b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718')
const CLIENT_FINISHED = hex('14000020a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61')

const th = (...msgs: Buffer[]): Buffer => { const h = createHash('sha256'); for (const m of msgs) h.update(m); return h.digest() }

describe('TLS 1.3 key schedule: RFC 8448 §3 simple 1-RTT handshake', () => {
  // {client} x25519 private key, {server} public key.
  const clientPriv = createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: hex('49af42ba7f7994852d713ef2784bcbcaa7911de26adc5642cb634540e7ea5005').toString('base64url'), x: hex('99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c').toString('base64url') }, format: 'jwk' })
  const serverPub = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: hex('c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f').toString('base64url') }, format: 'jwk' })
  const shared = diffieHellman({ privateKey: clientPriv, publicKey: serverPub })

  it('the (EC)DHE shared secret and the early, handshake and master secrets', () => {
    expect(shared.toString('hex')).toBe('8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d')
    expect(hkdfExtract('sha256', Buffer.alloc(32), Buffer.alloc(32)).toString('hex')).toBe('33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a')
    expect(derivedEarlySecret('sha256').toString('hex')).toBe('6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba')
    const hs = handshakeSecret('sha256', shared)
    expect(hs.toString('hex')).toBe('1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac')
    expect(masterSecret('sha256', hs).toString('hex')).toBe('18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919')
  })

  it('handshake and application traffic secrets, keys, IVs, both Finished and the exporter master secret', () => {
    const hs = handshakeSecret('sha256', shared)
    const chsh = th(CLIENT_HELLO, SERVER_HELLO)
    const cHs = deriveSecret('sha256', hs, 'c hs traffic', chsh)
    const sHs = deriveSecret('sha256', hs, 's hs traffic', chsh)
    expect(cHs.toString('hex')).toBe('b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21')
    expect(sHs.toString('hex')).toBe('b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38')
    const sk = trafficKeys('sha256', sHs, 16)
    expect([sk.key.toString('hex'), sk.iv.toString('hex')]).toEqual(['3fce516009c21727d0f2e4e86ee403bc', '5d313eb2671276ee13000b30'])
    const ck = trafficKeys('sha256', cHs, 16)
    expect([ck.key.toString('hex'), ck.iv.toString('hex')]).toEqual(['dbfaa693d1762c5b666af5d950258d01', '5bd3c71b836e0b76bb73265f'])
    const beforeSf = th(CLIENT_HELLO, SERVER_HELLO, ENCRYPTED_EXTENSIONS, CERTIFICATE, CERTIFICATE_VERIFY)
    expect(finishedVerifyData('sha256', sHs, beforeSf)).toEqual(SERVER_FINISHED.subarray(4))
    const throughSf = th(CLIENT_HELLO, SERVER_HELLO, ENCRYPTED_EXTENSIONS, CERTIFICATE, CERTIFICATE_VERIFY, SERVER_FINISHED)
    expect(finishedVerifyData('sha256', cHs, throughSf)).toEqual(CLIENT_FINISHED.subarray(4))
    const master = masterSecret('sha256', hs)
    expect(deriveSecret('sha256', master, 'c ap traffic', throughSf).toString('hex')).toBe('9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5')
    const sAp = deriveSecret('sha256', master, 's ap traffic', throughSf)
    expect(sAp.toString('hex')).toBe('a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643')
    const ak = trafficKeys('sha256', sAp, 16)
    expect([ak.key.toString('hex'), ak.iv.toString('hex')]).toEqual(['9f02283b6c9c07efc26bb9f2ac92e356', 'cf782b88dd83549aadf1e984'])
    expect(deriveSecret('sha256', master, 'exp master', throughSf).toString('hex')).toBe('fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50')
  })

  it('the exporter takes an absent context as empty (RFC 8446 §7.5)', () => {
    const ems = Buffer.alloc(32, 7)
    expect(exporter('sha256', ems, 'x', undefined, 20)).toEqual(exporter('sha256', ems, 'x', Buffer.alloc(0), 20))
  })
})
