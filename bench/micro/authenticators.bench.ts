// Micro-benchmark of the RADIUS authenticators on a MAB Access-Request / Access-Accept: the
// one-shot hash() over a contiguous scratch copy (proto/radius/md5.ts) against the former
// createHmac/createHash with five and four update() calls, and the gateway's dedup key forms.
// Run: npx tsx bench/micro/authenticators.bench.ts
import { createHash, createHmac } from 'node:crypto'
import {
  MESSAGE_AUTHENTICATOR_PLACEHOLDER, encodePacket, randomAuthenticator, signRequest, signResponse,
  verifyMessageAuthenticator,
} from '../../proto/radius/index.js'
import { locateMessageAuthenticator } from '../../proto/radius/message-authenticator.js'

const secret = Buffer.from('radsec')
const ZERO16 = Buffer.alloc(16)
const mab = [
  { type: 1, value: Buffer.from('020000000001') },
  { type: 31, value: Buffer.from('02-00-00-00-00-01') },
  { type: 30, value: Buffer.from('AA-BB-CC-DD-EE-FF:corp') },
  { type: 4, value: Buffer.from([10, 0, 0, 2]) },
  { type: 61, value: Buffer.from([0, 0, 0, 15]) },
]
const request = encodePacket({ code: 1, identifier: 7, authenticator: randomAuthenticator(), attributes: [MESSAGE_AUTHENTICATOR_PLACEHOLDER, ...mab] })
signRequest(request, secret)
const reqAuth = Buffer.from(request.subarray(4, 20))
const reply = encodePacket({ code: 2, identifier: 7, authenticator: reqAuth, attributes: [MESSAGE_AUTHENTICATOR_PLACEHOLDER, { type: 64, value: Buffer.from([1, 0, 0, 13]) }] })

// The former implementation, kept here as the baseline.
function hmacFiveUpdates(packet: Buffer, at: number, auth: Buffer): Buffer {
  const length = packet.readUInt16BE(2)
  return createHmac('md5', secret).update(packet.subarray(0, 4)).update(auth).update(packet.subarray(20, at)).update(ZERO16)
    .update(packet.subarray(at + 16, length)).digest()
}
function md5FourUpdates(packet: Buffer, auth: Buffer): Buffer {
  const length = packet.readUInt16BE(2)
  return createHash('md5').update(packet.subarray(0, 4)).update(auth).update(packet.subarray(20, length)).update(secret).digest()
}

let sink = 0
const at = locateMessageAuthenticator(request)
const cases: Array<[string, () => void]> = [
  ['verifyMessageAuthenticator (MAB Access-Request)', () => { if (verifyMessageAuthenticator(request, secret) === 'valid') sink++ }],
  ['  baseline: createHmac + 5 updates', () => { sink += hmacFiveUpdates(request, at, request.subarray(4, 20))[0] as number }],
  ['signResponse (Access-Accept, Message-Authenticator + Response Authenticator)', () => { signResponse(reply, reqAuth, secret); sink += reply[4] as number }],
  ['  baseline: createHmac + 5 updates, createHash + 4 updates', () => {
    sink += (hmacFiveUpdates(reply, 22, reqAuth)[0] as number) + (md5FourUpdates(reply, reqAuth)[0] as number)
  }],
  ['dedup key, authenticator as latin1', () => { sink += `c1:1:7:${reqAuth.toString('latin1')}`.length }],
  ['  baseline: authenticator as hex', () => { sink += `c1:1:7:${reqAuth.toString('hex')}`.length }],
]

function measure(fn: () => void, iterations: number): number {
  const start = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) fn()
  return Number(process.hrtime.bigint() - start) / iterations
}

console.log(`node ${process.version}`)
console.log('| benchmark | ns/op | ops/s |')
console.log('|---|---:|---:|')
for (const [name, fn] of cases) {
  measure(fn, 20_000)
  const runs = [measure(fn, 100_000), measure(fn, 100_000), measure(fn, 100_000)]
  const ns = Math.min(...runs)
  console.log(`| ${name} | ${ns.toFixed(0)} | ${Math.round(1e9 / ns).toLocaleString('en-US')} |`)
}
if (sink === -1) console.log(sink)
