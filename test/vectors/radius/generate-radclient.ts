// Regenerates radclient-capture.json: packets built by FreeRADIUS's radclient (an independent
// implementation), captured on a loopback UDP socket. Replies are signed by our signResponse and
// the file records whether radclient accepted them.
// Run: npx tsx test/vectors/radius/generate-radclient.ts
import { spawn, execSync } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Code, MESSAGE_AUTHENTICATOR_PLACEHOLDER, decodePacket, encodeAttributes, encodePacket, saltEncrypt, signResponse } from '../../../proto/radius/index.js'
import { loadDictionary } from '../../../ops/radius/dictionary-files.js'

const dict = loadDictionary()
const TUNNEL_PASSWORD = Buffer.from('tunnel-secret-17')
const SEND_KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex')
const RECV_KEY = Buffer.from('ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100', 'hex')

interface Case {
  name: string
  command: 'auth' | 'acct' | 'status' | 'coa' | 'disconnect'
  input: string
  plain: Record<string, string>
  replyCode: number
}

const secret = 'testing123-radclient'
const cases: Case[] = [
  {
    name: 'access-request with User-Password, tagged tunnel attributes, a VSA and Message-Authenticator',
    command: 'auth',
    input: [
      'User-Name = "alice@example.org"',
      'User-Password = "correct horse battery staple"',
      'Calling-Station-Id = "02-00-00-00-00-01"',
      'NAS-Port-Type = Wireless-802.11',
      'Tunnel-Type:3 = VLAN',
      'Tunnel-Private-Group-Id:3 = "42"',
      'Cisco-AVPair = "shell:priv-lvl=15"',
      'Message-Authenticator = 0x00',
    ].join('\n'),
    plain: {
      'User-Password': Buffer.from('correct horse battery staple').toString('hex'),
    },
    replyCode: Code.AccessAccept,
  },
  {
    name: 'accounting-request with Message-Authenticator',
    command: 'acct',
    input: ['User-Name = "alice"', 'Acct-Status-Type = Start', 'Acct-Session-Id = "0123456789"', 'Message-Authenticator = 0x00'].join('\n'),
    plain: {},
    replyCode: Code.AccountingResponse,
  },
  {
    name: 'accounting-request without Message-Authenticator',
    command: 'acct',
    input: ['User-Name = "bob"', 'Acct-Status-Type = Stop', 'Acct-Session-Time = 3600', 'Acct-Input-Gigawords = 1'].join('\n'),
    plain: {},
    replyCode: Code.AccountingResponse,
  },
  {
    name: 'status-server (radclient adds Message-Authenticator, RFC 5997 §3)',
    command: 'status',
    input: 'NAS-Identifier = "probe"',
    plain: {},
    replyCode: Code.AccessAccept,
  },
  {
    name: 'status-server answered with Accounting-Response (RFC 5997 §3 accounting port)',
    command: 'status',
    input: 'NAS-Identifier = "acct-probe"',
    plain: {},
    replyCode: Code.AccountingResponse,
  },
  {
    name: 'coa-request with Message-Authenticator',
    command: 'coa',
    input: ['User-Name = "alice"', 'Acct-Session-Id = "s-1"', 'Filter-Id = "quarantine"', 'Message-Authenticator = 0x00'].join('\n'),
    plain: {},
    replyCode: Code.CoAACK,
  },
  {
    name: 'disconnect-request with Message-Authenticator',
    command: 'disconnect',
    input: ['User-Name = "alice"', 'Acct-Session-Id = "s-2"', 'Message-Authenticator = 0x00'].join('\n'),
    plain: {},
    replyCode: Code.DisconnectACK,
  },
]

async function run(c: Case): Promise<Record<string, unknown>> {
  const sock = createSocket('udp4')
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()))
  const port = sock.address().port
  let packet: Buffer | undefined
  let reply: Buffer | undefined
  sock.on('message', (msg, rinfo) => {
    packet ??= Buffer.from(msg)
    const req = decodePacket(msg)
    if (!req.ok) return
    // Message-Authenticator first in the reply (BlastRADIUS), then a Reply-Message.
    const attributes = [MESSAGE_AUTHENTICATOR_PLACEHOLDER, { type: 18, value: Buffer.from('ok') }]
    if (c.replyCode === Code.AccessAccept && c.command === 'auth') {
      // Salt-encrypted attributes radclient must decrypt (RFC 2868 §3.5, RFC 2548 §2.4.2).
      const ra = req.value.authenticator
      const s = Buffer.from(secret)
      attributes.push(
        ...encodeAttributes(dict, [
          { name: 'Tunnel-Password', tag: 3, value: saltEncrypt(TUNNEL_PASSWORD, s, ra, Buffer.from([0x80, 0x01])) },
          { name: 'MS-MPPE-Send-Key', value: saltEncrypt(SEND_KEY, s, ra) },
          { name: 'MS-MPPE-Recv-Key', value: saltEncrypt(RECV_KEY, s, ra) },
        ]),
      )
    }
    reply = encodePacket({ code: c.replyCode, identifier: req.value.identifier, authenticator: Buffer.alloc(16), attributes })
    signResponse(reply, req.value.authenticator, Buffer.from(secret), req.value.code)
    sock.send(reply, rinfo.port, rinfo.address)
  })
  const child = spawn('radclient', ['-x', '-r', '1', '-t', '2', `127.0.0.1:${port}`, c.command, secret])
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  child.stdin.end(c.input + '\n')
  const exit = await new Promise<number | null>((r) => child.on('close', r))
  sock.close()
  if (packet === undefined) throw new Error(`${c.name}: nothing captured\n${out}`)
  return {
    name: c.name,
    command: `echo '...' | radclient -x 127.0.0.1:PORT ${c.command} ${secret}`,
    radclientInput: c.input.split('\n'),
    packetHex: packet.toString('hex'),
    replyHex: reply?.toString('hex'),
    plaintextHex: c.plain,
    ourReplyAcceptedByRadclient: exit === 0 && /Received /.test(out) && !/rror|fail/i.test(out),
    radclientOutput: out.split('\n').filter((l) => l.trim() !== ''),
  }
}

const version = execSync("dpkg-query -W -f='${Version}' freeradius-utils").toString()
const results = []
for (const c of cases) results.push(await run(c))
const file = join(dirname(fileURLToPath(import.meta.url)), 'radclient-capture.json')
writeFileSync(
  file,
  JSON.stringify(
    {
      source: `eapol_test/radclient capture: FreeRADIUS radclient (Debian freeradius-utils ${version}) sending to a loopback UDP socket; generated by test/vectors/radius/generate-radclient.ts`,
      secret,
      note: [
        'packetHex is radclient output (independent implementation); plaintextHex are the values radclient was given before hiding them.',
        'replyHex is OUR reply (signResponse, saltEncrypt); it counts as a vector only because radclient accepted its authenticators',
        '(ourReplyAcceptedByRadclient) and printed the decrypted values in radclientOutput, which the test checks.',
      ],
      vectors: results,
    },
    null,
    2,
  ) + '\n',
)
console.log(`wrote ${file}`)
