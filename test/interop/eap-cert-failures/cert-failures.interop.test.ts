// EAP-TLS client certificate failures with the real peer (issue 4, acceptance point 1): eapol_test
// against the embedded default (`nac run`), TLS 1.2 and TLS 1.3, with client certificates issued
// by the openssl CLI (`openssl ca`) under the demo org's own client CA (.data/demo/client-ca.pem
// and its key): one expired, one revoked in the CRL served from its distribution point by a
// node:http server, one revoked by a real `openssl ocsp` responder named in its AIA. Each gets an
// Access-Reject, the reason counted as eap.reject.cert_<reason>, and the NAC events read back from
// the stream: Certificate Expired / Cert Revoked and Access Denied with that reason. The same
// expired, CRL-revoked and OCSP-revoked certificates as PEAP's inner EAP-TLS certificate (requirements §1.5
// PEAP-TLS; eapol_test client_cert2/private_key2) are refused inside the tunnel, counted as
// eap.reject.peap_inner_cert_<reason>, with the same certificate events.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbedded } from '../../support/embedded.js'
import { freeTcpPort } from '../../support/free-port.js'
import { readEvents } from '../../support/nac-events.js'
import { requirePeer } from '../../support/peers.js'
import { readCounters, type ServiceProcess } from '../../support/service-process.js'
import { asn1Time, clientExt, openssl } from '../../unit/cert-validation/openssl-ca.js'
import { eapolTest, type EapolResult } from '../eap/eapol-test.js'

/** Wait for `openssl ocsp` to say it listens (a probe connection would block its one-at-a-time loop). */
async function waitForListening(proc: ChildProcess, timeoutMs: number): Promise<void> {
  let log = ''
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`openssl ocsp did not start:\n${log}`)), timeoutMs)
    proc.stderr?.on('data', (d: Buffer) => {
      log += d.toString()
      if (/waiting for OCSP client connections/.test(log)) { clearTimeout(t); resolve() }
    })
    proc.once('exit', (code) => { clearTimeout(t); reject(new Error(`openssl ocsp exited ${code}:\n${log}`)) })
  })
}

interface Case {
  name: 'expired' | 'crl' | 'ocsp'
  /** Last octet of the Calling-Station-Id per TLS version (12, 13). */
  macs: Record<'12' | '13', string>
  counter: string
  eventType: string
  certReason: string
}

const CASES: Case[] = [
  { name: 'expired', macs: { 12: '02:00:00:00:05:10', 13: '02:00:00:00:05:11' }, counter: 'eap.reject.cert_expired', eventType: 'NAC Client Certificate Expired', certReason: 'EXPIRED' },
  { name: 'crl', macs: { 12: '02:00:00:00:05:20', 13: '02:00:00:00:05:21' }, counter: 'eap.reject.cert_revoked', eventType: 'NAC Client Cert Revoked', certReason: 'REVOKED' },
  { name: 'ocsp', macs: { 12: '02:00:00:00:05:30', 13: '02:00:00:00:05:31' }, counter: 'eap.reject.cert_revoked', eventType: 'NAC Client Cert Revoked', certReason: 'REVOKED' },
]

/** PEAP-TLS with the inner EAP-TLS client certificate of a case (the outer tunnel is TLS 1.2). */
interface PeapCase {
  name: 'expired' | 'crl' | 'ocsp'
  mac: string
  counter: string
  eventType: string
  certReason: string
}

const PEAP_CASES: PeapCase[] = [
  { name: 'expired', mac: '02:00:00:00:05:40', counter: 'eap.reject.peap_inner_cert_expired', eventType: 'NAC Client Certificate Expired', certReason: 'EXPIRED' },
  { name: 'crl', mac: '02:00:00:00:05:41', counter: 'eap.reject.peap_inner_cert_revoked', eventType: 'NAC Client Cert Revoked', certReason: 'REVOKED' },
  { name: 'ocsp', mac: '02:00:00:00:05:42', counter: 'eap.reject.peap_inner_cert_revoked', eventType: 'NAC Client Cert Revoked', certReason: 'REVOKED' },
]

const macHex = (mac: string): string => mac.replace(/:/g, '').toLowerCase()

describe('EAP-TLS client certificate failures with eapol_test (expired, revoked by CRL, revoked by OCSP)', () => {
  let dataDir: string
  let demo: string
  let ca: string
  let svc: ServiceProcess
  let auth: number
  let natsUrl: string
  let crlServer: Server | undefined
  let responder: ChildProcess | undefined
  const crlRequests: string[] = []

  /** An `openssl ca` database around the demo org's client CA (certificate and key as `nac run` wrote them). */
  const issue = (name: string, ext: string, dates: { start?: string; end?: string } = {}): { cert: string; key: string } => {
    openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/O=demo/CN=${name}`,
      '-keyout', `${name}-key.pem`, '-out', `${name}.csr`], ca)
    writeFileSync(join(ca, `${name}.ext`), `[ext]\n${ext}`)
    openssl(['ca', '-config', 'ca.cnf', '-batch', '-notext', '-in', `${name}.csr`, '-out', `${name}.pem`, '-extfile', `${name}.ext`, '-extensions', 'ext',
      ...(dates.start ? ['-startdate', dates.start] : []), ...(dates.end ? ['-enddate', dates.end] : [])], ca)
    return { cert: join(ca, `${name}.pem`), key: join(ca, `${name}-key.pem`) }
  }

  const certs: Partial<Record<Case['name'], { cert: string; key: string }>> = {}

  beforeAll(async () => {
    requirePeer('eapol_test', 'eapoltest')
    dataDir = mkdtempSync(join(tmpdir(), 'nac-certfail-'))
    ca = mkdtempSync(join(tmpdir(), 'nac-certfail-ca-'))
    demo = join(dataDir, 'demo')
    const started = await startEmbedded(dataDir)
    svc = started.svc
    auth = started.ports.auth
    natsUrl = `nats://127.0.0.1:${started.ports.nats}`

    mkdirSync(join(ca, 'newcerts'))
    writeFileSync(join(ca, 'index.txt'), '')
    writeFileSync(join(ca, 'serial'), '5000\n')
    writeFileSync(join(ca, 'crlnumber'), '01\n')
    writeFileSync(join(ca, 'ca.cnf'), [
      '[ca]', 'default_ca = demo', '[demo]', `dir = ${ca}`, 'database = $dir/index.txt',
      'new_certs_dir = $dir/newcerts', 'serial = $dir/serial', 'crlnumber = $dir/crlnumber',
      `certificate = ${join(demo, 'client-ca.pem')}`, `private_key = ${join(demo, 'client-ca-key.pem')}`, 'default_md = sha256',
      'policy = any', 'unique_subject = no', 'copy_extensions = none', 'default_days = 30', 'default_crl_days = 1',
      '[any]', 'organizationName = optional', 'commonName = supplied', '',
    ].join('\n'))

    const crlFile = join(ca, 'client.crl')
    crlServer = createServer((req, res) => {
      crlRequests.push(req.url ?? '')
      if (req.url !== '/client.crl') { res.writeHead(404).end(); return }
      res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(readFileSync(crlFile))
    })
    await new Promise<void>((r) => crlServer?.listen(0, '127.0.0.1', r))
    const addr = crlServer.address()
    const httpPort = typeof addr === 'object' && addr !== null ? addr.port : 0
    const ocspPort = await freeTcpPort()

    const san = 'DNS:demo-device-1'
    const day = 86_400_000
    certs.expired = issue('expired', clientExt({ san }), { start: asn1Time(new Date(Date.now() - 3 * day)), end: asn1Time(new Date(Date.now() - day)) })
    certs.crl = issue('crl-revoked', clientExt({ san, crlUrl: `http://127.0.0.1:${httpPort}/client.crl` }))
    certs.ocsp = issue('ocsp-revoked', clientExt({ san, ocspUrl: `http://127.0.0.1:${ocspPort}` }))
    for (const c of [certs.crl, certs.ocsp]) openssl(['ca', '-config', 'ca.cnf', '-revoke', c.cert, '-crl_reason', 'keyCompromise'], ca)
    openssl(['ca', '-config', 'ca.cnf', '-gencrl', '-crlhours', '24', '-out', 'crl.pem'], ca)
    openssl(['crl', '-in', 'crl.pem', '-outform', 'DER', '-out', 'client.crl'], ca)

    // The CA itself signs the OCSP responses (RFC 6960 §4.2.2.2: the CA that issued the certificate).
    responder = spawn('openssl', ['ocsp', '-index', 'index.txt', '-port', String(ocspPort), '-CA', join(demo, 'client-ca.pem'),
      '-rsigner', join(demo, 'client-ca.pem'), '-rkey', join(demo, 'client-ca-key.pem'), '-ndays', '1'], { cwd: ca, stdio: ['ignore', 'ignore', 'pipe'] })
    await waitForListening(responder, 10_000)
  }, 90_000)

  afterAll(async () => {
    if (responder !== undefined && responder.exitCode === null && responder.signalCode === null) {
      const exited = new Promise((r) => responder?.once('exit', r))
      responder.kill('SIGTERM')
      await exited
    }
    if (crlServer !== undefined) {
      const closed = new Promise<void>((r) => { if (crlServer?.listening) crlServer.close(() => r()); else r() })
      crlServer.closeAllConnections()
      await closed
    }
    await svc?.stop()
    for (const d of [dataDir, ca]) if (d !== undefined) rmSync(d, { recursive: true, force: true })
  })

  const run = async (c: Case, tls: '12' | '13'): Promise<EapolResult> => {
    const pair = certs[c.name]
    if (pair === undefined) throw new Error(`no certificate for ${c.name}`)
    const conf = readFileSync(join(demo, `eapol-tls${tls}.conf`), 'utf8')
      .replace(/client_cert="[^"]*"/, `client_cert="${pair.cert}"`).replace(/private_key="[^"]*"/, `private_key="${pair.key}"`)
    const path = join(ca, `${c.name}-${tls}.conf`)
    writeFileSync(path, conf)
    return eapolTest(path, auth, ['-M', c.macs[tls]])
  }

  const runPeap = async (c: PeapCase): Promise<EapolResult> => {
    const pair = certs[c.name]
    if (pair === undefined) throw new Error(`no certificate for ${c.name}`)
    const conf = readFileSync(join(demo, 'eapol-peap-tls.conf'), 'utf8')
      .replace(/client_cert2="[^"]*"/, `client_cert2="${pair.cert}"`).replace(/private_key2="[^"]*"/, `private_key2="${pair.key}"`)
    const path = join(ca, `peap-${c.name}.conf`)
    writeFileSync(path, conf)
    return eapolTest(path, auth, ['-M', c.mac])
  }

  for (const c of PEAP_CASES) {
    it(`PEAP-TLS, inner certificate ${c.name}: Access-Reject, counted as ${c.counter}; events ${c.eventType} (${c.certReason}) and Access Denied`, async () => {
      const before = await readCounters(svc)
      const r = await runPeap(c)
      expect(r.success).toBe(false)
      expect(r.reject, r.out.slice(-3000)).toBe(true)
      expect(r.accept).toBe(false)
      // The outer tunnel came up: the refusal is the inner certificate's (eapol_test's phase 2).
      expect(r.out).toMatch(/EAP-PEAP: TLS done, proceed to Phase 2/)
      const after = await readCounters(svc)
      expect((after[c.counter] ?? 0) - (before[c.counter] ?? 0)).toBe(1)
      const mac = macHex(c.mac)
      const events = await readEvents(natsUrl, 'demo', (es) => es.some((e) => e.mac === mac && e.type === 'NAC Client Access Denied'), 10_000)
      const mine = events.filter((e) => e.mac === mac)
      expect(mine.find((e) => e.type === c.eventType), JSON.stringify(mine)).toMatchObject({ polarity: 'negative', reason: c.certReason })
      expect(mine.find((e) => e.type === 'NAC Client Access Denied')).toMatchObject({ reason: c.counter.slice('eap.reject.'.length) })
      expect(mine.some((e) => e.type === 'NAC Client Access Allowed' || e.type === 'NAC Client Certificate Validation Success')).toBe(false)
      if (c.name === 'crl') expect(crlRequests).toContain('/client.crl')
      // The responder said revoked (now, or for the EAP-TLS case before: verdicts are cached).
      if (c.name === 'ocsp') {
        expect(after['revocation.ocsp.revoked'] ?? 0).toBeGreaterThanOrEqual(1)
        expect(((after['revocation.ocsp.revoked'] ?? 0) + (after['revocation.ocsp.cache_hit'] ?? 0)) - ((before['revocation.ocsp.revoked'] ?? 0) + (before['revocation.ocsp.cache_hit'] ?? 0))).toBeGreaterThanOrEqual(1)
      }
    })
  }

  for (const c of CASES) {
    it(`${c.name}: Access-Reject with TLS 1.2 and 1.3, counted as ${c.counter}; events ${c.eventType} (${c.certReason}) and Access Denied`, async () => {
      const before = await readCounters(svc)
      for (const tls of ['12', '13'] as const) {
        const r = await run(c, tls)
        expect(r.success).toBe(false)
        expect(r.reject, r.out.slice(-3000)).toBe(true)
        expect(r.accept).toBe(false)
      }
      const after = await readCounters(svc)
      expect((after[c.counter] ?? 0) - (before[c.counter] ?? 0)).toBe(2)
      const macs = Object.values(c.macs).map(macHex)
      const events = await readEvents(natsUrl, 'demo', (es) => macs.every((m) => es.some((e) => e.mac === m && e.type === 'NAC Client Access Denied')), 10_000)
      for (const mac of macs) {
        const mine = events.filter((e) => e.mac === mac)
        expect(mine.find((e) => e.type === c.eventType), JSON.stringify(mine)).toMatchObject({ polarity: 'negative', reason: c.certReason })
        expect(mine.find((e) => e.type === 'NAC Client Access Denied')).toMatchObject({ reason: c.counter.slice('eap.reject.'.length) })
        expect(mine.some((e) => e.type === 'NAC Client Access Allowed' || e.type === 'NAC Client Certificate Validation Success')).toBe(false)
      }
      // The verdict came from the named source: the CRL server was asked, the OCSP responder said revoked.
      if (c.name === 'crl') expect(crlRequests).toContain('/client.crl')
      // The responder said revoked: in this case, or in the PEAP case before it (verdicts are cached per certificate).
      if (c.name === 'ocsp') {
        expect(after['revocation.ocsp.revoked'] ?? 0).toBeGreaterThanOrEqual(1)
        expect(((after['revocation.ocsp.revoked'] ?? 0) + (after['revocation.ocsp.cache_hit'] ?? 0)) - ((before['revocation.ocsp.revoked'] ?? 0) + (before['revocation.ocsp.cache_hit'] ?? 0))).toBeGreaterThanOrEqual(2)
      }
    })
  }
})
