// The bench's TEAP peer (bench/supplicant/teap-*.ts) against the cluster's TEAP server method
// (actors/client/eap/teap-method.ts) in one process, real node:tls on both sides, certificates made
// with openssl, at Framed-MTU 400 so the outer and the inner EAP-TLS both fragment. With an honest
// server the peer verifies both Crypto-Bindings, answers them so that the server verifies its
// MACs, and ends with the server's MSK. A server whose Crypto-Binding carries one flipped bit in
// a Compound MAC (RFC 7170 §5.3; the machine's binding, then the user's) makes the peer fail as
// wpa_supplicant's eap_teap.c does: no MSK, and Result (Failure) with Error 2001 (Tunnel
// Compromise, §4.2.6) back to the server, which then ends with the peer's failure.
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSecureContext, type SecureContext } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TeapMethod, type TeapOptions } from '../../../actors/client/eap/teap-method.js'
import { X509ChainValidator } from '../../../actors/client/eap/x509-chain-validator.js'
import { EapCode, EapType, TeapErrorCode, TeapStatus, TeapTlvType, decodeEapPacket, decodePeerMessage, decodeTlvs } from '../../../proto/eap/index.js'
import { loadEapTlsCredentials, type EapTlsCredentials } from '../../../bench/supplicant/credentials.js'
import { INNER_MTU_MARGIN } from '../../../bench/supplicant/peap-tls-phase2.js'
import { TeapPeer } from '../../../bench/supplicant/teap-peer.js'
import { TeapPhase2 } from '../../../bench/supplicant/teap-phase2.js'
import { CLIENT_EXT, SERVER_EXT, opensslCa, opensslLeaf } from '../../support/openssl-pki.js'

const MTU = 400

let dir: string
let options: TeapOptions
let creds: EapTlsCredentials

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nac-bench-teap-'))
  const ca = opensslCa(dir, 'ca', '/CN=unit TEAP CA')
  const server = opensslLeaf(dir, ca, 'server', '/CN=localhost', SERVER_EXT)
  const machine = opensslLeaf(dir, ca, 'machine', '/CN=pc-1', `${CLIENT_EXT}subjectAltName=DNS:pc-1\n`)
  const user = opensslLeaf(dir, ca, 'user', '/CN=alice', `${CLIENT_EXT}subjectAltName=email:alice@unit.example\n`)
  const caPem = readFileSync(ca.cert, 'utf8')
  const serverPair = { cert: readFileSync(server.cert), key: readFileSync(server.key) }
  // The cluster's contexts: the tunnel TLS 1.2 (teap-method.ts), the inner EAP-TLS 1.2 and 1.3.
  const tunnel: SecureContext = createSecureContext({ ...serverPair, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' })
  const inner: SecureContext = createSecureContext({ ...serverPair, ca: caPem, minVersion: 'TLSv1.2' })
  const anchors = [new X509Certificate(caPem)]
  options = { org: 'o', secureContext: tunnel, reassemblyLimit: 65536, innerSecureContext: inner, validator: new X509ChainValidator(() => anchors) }
  creds = loadEapTlsCredentials({
    clientCert: machine.cert, clientKey: machine.key, userCert: user.cert, userKey: user.key, userIdentity: 'alice',
    serverCa: ca.cert, serverName: 'localhost', identity: 'pc-1',
  })
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

type Mac = 'msk' | 'emsk'

/** The cluster's server, but the Crypto-Binding of the `nth` inner method (0 machine, 1 user) has one bit flipped in one Compound MAC. */
class TamperingTeap extends TeapMethod {
  private seen = 0
  constructor(o: TeapOptions, private readonly nth: number, private readonly mac: Mac) {
    super(o)
  }

  protected override async send(data: Buffer): Promise<void> {
    return super.send(this.hasBinding(data) && this.seen++ === this.nth ? flipMac(data, this.mac) : data)
  }

  private hasBinding(tlvs: Buffer): boolean {
    const d = decodeTlvs(tlvs)
    return d.ok && d.tlvs.some((t) => t.type === TeapTlvType.CryptoBinding)
  }
}

/** RFC 7170 §4.2.13 layout: header 4, Reserved/Version/Received-Ver/Flags|Sub-Type 4, Nonce 32, EMSK MAC 20, MSK MAC 20. */
function flipMac(tlvs: Buffer, mac: Mac): Buffer {
  const out = Buffer.from(tlvs)
  for (let off = 0; off + 4 <= out.length; off += 4 + out.readUInt16BE(off + 2)) {
    if ((out.readUInt16BE(off) & 0x3fff) !== TeapTlvType.CryptoBinding) continue
    const at = off + 4 + 4 + 32 + (mac === 'emsk' ? 0 : 20)
    out[at] = (out[at] as number) ^ 0x01
    return out
  }
  throw new Error('no Crypto-Binding TLV')
}

function newPeer(): { peer: TeapPeer; phase2: TeapPhase2 } {
  const inner = creds.teapInner
  if (inner === undefined) throw new Error('no TEAP inner contexts')
  const phase2 = new TeapPhase2({
    machine: { identity: 'host/pc-1', secureContext: inner.machine }, user: { identity: inner.userIdentity, secureContext: inner.user },
    servername: 'localhost', maxEapLength: MTU - INNER_MTU_MARGIN,
  })
  return { peer: new TeapPeer({ identity: 'anonymous', secureContext: creds.tunnel, servername: 'localhost', maxEapLength: MTU, phase2 }), phase2 }
}

/** The server's requests through the peer until the method ends, every EAP packet within the MTU; returns the round count. */
async function converse(method: TeapMethod, peer: TeapPeer): Promise<number> {
  let rounds = 0
  while (!method.isDone()) {
    if (++rounds > 80) throw new Error('no end')
    const data = method.buildReq()
    expect(data.length + 5).toBeLessThanOrEqual(MTU)
    const answer = decodeEapPacket(await peer.respond({ code: EapCode.Request, identifier: rounds & 0xff, type: EapType.Teap, data }))
    if (!answer.ok || !('type' in answer.value)) throw new Error('the peer sent no EAP-Response')
    expect(answer.value.data.length + 5).toBeLessThanOrEqual(MTU)
    const resp = { type: answer.value.type, data: answer.value.data, maxEapLength: MTU }
    expect(method.check(resp)).toBe(true)
    await method.process(resp)
  }
  return rounds
}

describe('bench TEAP peer against the TEAP server method', () => {
  it('machine then user by inner EAP-TLS: both bindings verify both ways, and the peer ends with the server MSK', async () => {
    const method = new TeapMethod(options)
    const { peer, phase2 } = newPeer()
    try {
      await converse(method, peer)
      expect(method.succeeded(), method.failureReason()).toBe(true)
      expect(peer.failure).toBeUndefined()
      expect([...phase2.authenticated]).toEqual(['machine', 'user'])
      expect(method.machinePeer()?.cn).toBe('pc-1')
      expect(method.peer()?.cn).toBe('alice')
      const serverMsk = method.getKey()?.msk
      expect(serverMsk?.length).toBe(64)
      expect(peer.msk()?.equals(serverMsk as Buffer)).toBe(true)
    } finally {
      peer.close()
      method.reset()
    }
  })

  for (const [nth, mac] of [[0, 'msk'], [0, 'emsk'], [1, 'msk'], [1, 'emsk']] as const) {
    it(`a flipped bit in the server's ${mac.toUpperCase()} Compound MAC of the ${nth === 0 ? 'machine' : 'user'}'s binding: the peer fails, sends Result (Failure) with Error 2001, and has no MSK`, async () => {
      const method = new TamperingTeap(options, nth, mac)
      const { peer, phase2 } = newPeer()
      // What the peer wrote into the tunnel, read on the server's side of it.
      const fromPeer: Buffer[] = []
      const receive = phase2.receive.bind(phase2)
      phase2.receive = async (plain: Buffer): Promise<Buffer> => {
        const out = await receive(plain)
        fromPeer.push(out)
        return out
      }
      try {
        await converse(method, peer)
        expect(method.succeeded()).toBe(false)
        expect(method.failureReason()).toBe('teap_peer_failure')
        expect(peer.failure).toMatch(new RegExp(`the server's ${mac.toUpperCase()} Compound MAC did not verify`))
        expect(peer.msk()).toBeUndefined()
        expect([...phase2.authenticated]).toEqual(nth === 0 ? [] : ['machine'])
        const last = decodePeerMessage(fromPeer[fromPeer.length - 1] as Buffer)
        expect(last.ok && last.message).toMatchObject({ result: TeapStatus.Failure, intermediateResult: TeapStatus.Failure, errorCode: TeapErrorCode.TunnelCompromiseError, cryptoBinding: undefined })
      } finally {
        peer.close()
        method.reset()
      }
    })
  }
})
