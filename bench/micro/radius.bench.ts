// Micro-benchmarks of the RADIUS hot path (proto/radius): decode, typed decode, encode, RadSec
// framing, Message-Authenticator, signResponse. Warm-up, then timed runs with hrtime.
// Run: npx tsx bench/micro/radius.bench.ts
import {
  MESSAGE_AUTHENTICATOR_PLACEHOLDER,
  RadSecFramer,
  decodeAttributes,
  decodePacket,
  encodeAttributes,
  encodePacket,
  randomAuthenticator,
  signRequest,
  signResponse,
  verifyMessageAuthenticator,
} from '../../proto/radius/index.js'
import { loadDictionary } from '../../ops/radius/dictionary-files.js'

const dict = loadDictionary()
const secret = Buffer.from('bench-shared-secret')

// A typical 802.1X Access-Request: identity, MAC, NAS data, an EAP-Message, State, a VSA.
const request = encodePacket({
  code: 1,
  identifier: 7,
  authenticator: randomAuthenticator(),
  attributes: [
    MESSAGE_AUTHENTICATOR_PLACEHOLDER,
    ...encodeAttributes(dict, [
      { name: 'User-Name', value: 'host/laptop-42.corp.example.com' },
      { name: 'Calling-Station-Id', value: '02-00-00-00-00-01' },
      { name: 'Called-Station-Id', value: 'AA-BB-CC-DD-EE-FF:corp' },
      { name: 'NAS-IP-Address', value: '10.0.0.2' },
      { name: 'NAS-Port-Type', value: 'Wireless-802.11' },
      { name: 'Framed-MTU', value: 1400 },
      { name: 'State', value: Buffer.alloc(16, 3) },
      { name: 'EAP-Message', value: Buffer.alloc(300, 1) },
      { name: 'Cisco-AVPair', value: 'audit-session-id=0A0000020000001234' },
    ]),
  ],
})
signRequest(request, secret)
const decoded = decodePacket(request)
if (!decoded.ok) throw new Error('bench packet does not decode')
const replyAttrs = encodeAttributes(dict, [
  { name: 'Tunnel-Type', tag: 1, value: 'VLAN' },
  { name: 'Tunnel-Medium-Type', tag: 1, value: 'IEEE-802' },
  { name: 'Tunnel-Private-Group-Id', tag: 1, value: '42' },
  { name: 'Aruba-User-Role', value: 'employee' },
])
const reply = encodePacket({ code: 2, identifier: 7, authenticator: decoded.value.authenticator, attributes: [MESSAGE_AUTHENTICATOR_PLACEHOLDER, ...replyAttrs] })
const stream = Buffer.concat(Array.from({ length: 10 }, () => request))
const chunks = Array.from({ length: Math.ceil(stream.length / 1400) }, (_, i) => stream.subarray(i * 1400, (i + 1) * 1400))
const framer = new RadSecFramer()

let sink = 0
const cases: Array<[string, () => void]> = [
  ['decodePacket (Access-Request, 11 attrs)', () => { const r = decodePacket(request); if (r.ok) sink += r.value.attributes.length }],
  ['decodeAttributes (same packet)', () => { const r = decodeAttributes(decoded.value, dict); if (r.ok) sink += r.value.length }],
  ['encodePacket (Access-Accept, 5 attrs)', () => { sink += encodePacket({ code: 2, identifier: 7, authenticator: decoded.value.authenticator, attributes: [MESSAGE_AUTHENTICATOR_PLACEHOLDER, ...replyAttrs] }).length }],
  ['RadSecFramer.push (10 packets in 1400-octet chunks)', () => { for (const c of chunks) sink += framer.push(c).frames.length }],
  ['Message-Authenticator compute+verify (signRequest + verify)', () => { signRequest(request, secret); if (verifyMessageAuthenticator(request, secret) === 'valid') sink++ }],
  ['signResponse (Access-Accept with Message-Authenticator)', () => { signResponse(reply, decoded.value.authenticator, secret); sink += reply[4] as number }],
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
  measure(fn, 20_000) // warm-up: let the JIT settle
  const runs = [measure(fn, 100_000), measure(fn, 100_000), measure(fn, 100_000)]
  const ns = Math.min(...runs)
  console.log(`| ${name} | ${ns.toFixed(0)} | ${Math.round(1e9 / ns).toLocaleString('en-US')} |`)
}
if (sink === -1) console.log(sink)
