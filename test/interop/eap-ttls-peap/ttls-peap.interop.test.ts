// EAP-TTLS/PAP (RFC 5281) and PEAPv0 with inner EAP-TLS with the real peer (issue 4 scope 4 and
// 5): eapol_test against the embedded default (`nac run`), over RADIUS/UDP and through
// radsecproxy over RadSec, each with eapol_test's MPPE key check and VLAN 200 from the demo
// rules; refusals counted by reason: a wrong password (TTLS), an inner certificate of an unknown
// CA (PEAP-TLS), inner MSCHAPv2 (both; requirements §1.11). Round trips per case are logged.
// The password checks give NAC IDP Authentication Success / Failure events, read back last.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbedded } from '../../support/embedded.js'
import { opensslCa, opensslLeaf, CLIENT_EXT } from '../../support/openssl-pki.js'
import { readEvents } from '../../support/nac-events.js'
import { requirePeer, startRadsecproxy, type Radsecproxy } from '../../support/peers.js'
import { readCounters, type ServiceProcess } from '../../support/service-process.js'
import { eapolTest, type EapolResult } from '../eap/eapol-test.js'

const roundTrips: Array<{ case: string; roundTrips: number; maxEapRequest: number }> = []

function record(name: string, r: EapolResult): void {
  roundTrips.push({ case: name, roundTrips: r.challenges + 1, maxEapRequest: r.maxEapRequest })
}

describe('EAP-TTLS/PAP and PEAP-TLS with eapol_test', () => {
  let dataDir: string
  let demo: string
  let work: string
  let svc: ServiceProcess
  let rp: Radsecproxy
  let auth: number
  let rpPort: number

  /** A copy of a demo conf with `edit` applied, in the test's own directory. */
  const variant = (name: string, edit: (conf: string) => string): string => {
    const path = join(work, `${name}.conf`)
    writeFileSync(path, edit(readFileSync(join(demo, name.startsWith('ttls') ? 'eapol-ttls.conf' : 'eapol-peap-tls.conf'), 'utf8')))
    return path
  }

  /** Run `fn` and return how much `counter` grew meanwhile. */
  const counted = async (counter: string, fn: () => Promise<void>): Promise<number> => {
    const before = await readCounters(svc)
    await fn()
    const after = await readCounters(svc)
    return (after[counter] ?? 0) - (before[counter] ?? 0)
  }

  const expectReject = (r: EapolResult): void => {
    expect(r.success).toBe(false)
    expect(r.reject, r.out.slice(-3000)).toBe(true)
    expect(r.accept).toBe(false)
  }

  beforeAll(async () => {
    requirePeer('eapol_test', 'eapoltest')
    requirePeer('radsecproxy', 'radsecproxy')
    dataDir = mkdtempSync(join(tmpdir(), 'nac-ttls-'))
    work = mkdtempSync(join(tmpdir(), 'nac-ttls-work-'))
    demo = join(dataDir, 'demo')
    const started = await startEmbedded(dataDir)
    svc = started.svc
    auth = started.ports.auth
    rpPort = started.ports.radsecproxy
    rp = await startRadsecproxy(join(demo, 'radsecproxy.conf'), /tlsconnect: TLS connection to .* up|Radsecproxy .* starting|started/i)
  })

  afterAll(async () => {
    console.log(`RADIUS round trips per method (Access-Challenges + the final reply):\n${JSON.stringify(roundTrips, null, 1)}`)
    await rp?.stop()
    await svc?.stop()
    for (const d of [dataDir, work]) if (d !== undefined) rmSync(d, { recursive: true, force: true })
  })

  for (const [method, file] of [['EAP-TTLS/PAP', 'eapol-ttls.conf'], ['PEAP-TLS', 'eapol-peap-tls.conf']] as const) {
    it(`UDP: ${method} as alice / the demo certificate: Access-Accept, VLAN 200, MPPE keys match`, async () => {
      const r = await eapolTest(join(demo, file), auth, ['-M', '02:00:00:00:03:10'])
      record(`${method} UDP`, r)
      expect(r.success, r.out.slice(-3000)).toBe(true)
      expect(r.mppeOk).toBe(true)
      expect(r.vlan).toBe('200')
    })

    it(`RadSec through radsecproxy: ${method} succeeds with the MPPE key check`, async () => {
      const r = await eapolTest(join(demo, file), rpPort, ['-M', '02:00:00:00:03:11'])
      record(`${method} RadSec`, r)
      expect(r.success, r.out.slice(-3000)).toBe(true)
      expect(r.mppeOk).toBe(true)
      expect(r.vlan).toBe('200')
    })

    it(`UDP: ${method} with Framed-MTU 500 fits every EAP request in 500 octets`, async () => {
      const r = await eapolTest(join(demo, file), auth, ['-M', '02:00:00:00:03:12', '-N', '12:d:500'])
      record(`${method} UDP MTU 500`, r)
      expect(r.success, r.out.slice(-3000)).toBe(true)
      expect(r.mppeOk).toBe(true)
      expect(r.maxEapRequest).toBeLessThanOrEqual(500)
    })
  }

  // wpa_supplicant 2.10 keeps TLS 1.3 off for EAP unless phase1 turns it on (as eapol-tls13.conf does).
  const TLS13 = 'tls_disable_tlsv1_0=1 tls_disable_tlsv1_1=1 tls_disable_tlsv1_2=1 tls_disable_tlsv1_3=0'

  it('UDP: EAP-TTLS/PAP over TLS 1.3 (RFC 9427 keys): Access-Accept, MPPE keys match', async () => {
    const conf = variant('ttls-tls13', (c) => c.replace('phase2="auth=PAP"', `phase2="auth=PAP"\n\tphase1="${TLS13}"`))
    const r = await eapolTest(conf, auth, ['-M', '02:00:00:00:03:20'])
    record('EAP-TTLS/PAP TLS 1.3 UDP', r)
    expect(r.success, r.out.slice(-3000)).toBe(true)
    expect(r.out).toMatch(/TLSv1\.3/)
    expect(r.mppeOk).toBe(true)
    expect(r.vlan).toBe('200')
  })

  it('UDP: PEAP-TLS with a TLS 1.3 outer tunnel (RFC 9427 keys): Access-Accept, MPPE keys match', async () => {
    const conf = variant('peap-tls13', (c) => c.replace('phase1="peapver=0"', `phase1="peapver=0 ${TLS13}"`))
    const r = await eapolTest(conf, auth, ['-M', '02:00:00:00:03:21'])
    record('PEAP-TLS TLS 1.3 outer UDP', r)
    expect(r.success, r.out.slice(-3000)).toBe(true)
    expect(r.out).toMatch(/TLSv1\.3/)
    expect(r.mppeOk).toBe(true)
    expect(r.vlan).toBe('200')
  })

  it('EAP-TTLS/PAP with a wrong password: Access-Reject, counted as ttls_bad_password', async () => {
    const conf = variant('ttls-wrong-password', (c) => c.replace('password="wonderland"', 'password="looking-glass"'))
    expect(await counted('eap.reject.ttls_bad_password', async () => expectReject(await eapolTest(conf, auth, ['-M', '02:00:00:00:03:13'])))).toBe(1)
  })

  it('EAP-TTLS/PAP with an unknown user: Access-Reject, counted as ttls_unknown_user', async () => {
    const conf = variant('ttls-unknown-user', (c) => c.replace('identity="alice"', 'identity="mallory"'))
    expect(await counted('eap.reject.ttls_unknown_user', async () => expectReject(await eapolTest(conf, auth, ['-M', '02:00:00:00:03:14'])))).toBe(1)
  })

  it('EAP-TTLS with inner MSCHAPv2: Access-Reject, counted as ttls_mschapv2_unsupported ("TTLS/MSCHAPv2 is not supported")', async () => {
    const conf = variant('ttls-mschapv2', (c) => c.replace('phase2="auth=PAP"', 'phase2="auth=MSCHAPV2"'))
    expect(await counted('eap.reject.ttls_mschapv2_unsupported', async () => expectReject(await eapolTest(conf, auth, ['-M', '02:00:00:00:03:15'])))).toBe(1)
  })

  it('EAP-TTLS with inner EAP-MSCHAPv2: Access-Reject, counted as ttls_mschapv2_unsupported', async () => {
    const conf = variant('ttls-eap-mschapv2', (c) => c.replace('phase2="auth=PAP"', 'phase2="autheap=MSCHAPV2"'))
    expect(await counted('eap.reject.ttls_mschapv2_unsupported', async () => expectReject(await eapolTest(conf, auth, ['-M', '02:00:00:00:03:18'])))).toBe(1)
  })

  it('EAP-TTLS with inner CHAP: Access-Reject, counted as ttls_chap_unsupported', async () => {
    const conf = variant('ttls-chap', (c) => c.replace('phase2="auth=PAP"', 'phase2="auth=CHAP"'))
    expect(await counted('eap.reject.ttls_chap_unsupported', async () => expectReject(await eapolTest(conf, auth, ['-M', '02:00:00:00:03:19'])))).toBe(1)
  })

  it('PEAP with inner EAP-MSCHAPv2: Access-Reject, counted as peap_mschapv2_unsupported ("PEAP with EAP-MSCHAP v2 is not supported")', async () => {
    // wpa_supplicant's PEAP takes its inner EAP methods from phase2 "auth=" (eap_peap.c); the
    // inner certificate lines go, so the peer has nothing but EAP-MSCHAPv2 to offer.
    const conf = variant('peap-mschapv2', (c) => c
      .replace('phase2="auth=TLS"', 'phase2="auth=MSCHAPV2"')
      .replace(/\t(client_cert2|private_key2)="[^"]*"\n/g, '')
      .replace(/identity="[^"]*"/, 'identity="alice"\n\tpassword="wonderland"'))
    expect(await counted('eap.reject.peap_mschapv2_unsupported', async () => expectReject(await eapolTest(conf, auth, ['-M', '02:00:00:00:03:16'])))).toBe(1)
  })

  it('PEAP-TLS with an inner certificate from an unknown CA: Access-Reject, counted as peap_inner_cert_unknown_ca', async () => {
    const ca = opensslCa(work, 'foreign-ca', '/O=demo/CN=demo client CA')
    const leaf = opensslLeaf(work, ca, 'foreign', '/O=demo/CN=demo-device-1', `${CLIENT_EXT}subjectAltName=DNS:demo-device-1\n`)
    const conf = variant('peap-foreign', (c) => c
      .replace(/client_cert2="[^"]*"/, `client_cert2="${leaf.cert}"`).replace(/private_key2="[^"]*"/, `private_key2="${leaf.key}"`))
    expect(await counted('eap.reject.peap_inner_cert_unknown_ca', async () => expectReject(await eapolTest(conf, auth, ['-M', '02:00:00:00:03:17'])))).toBe(1)
  })

  it('NAC events of the password check: IDP Authentication Success for alice, Failure with the reason for a wrong password and an unknown user', async () => {
    const nats = `nats://127.0.0.1:${(svc.ready['ports'] as { nats: number }).nats}`
    const denied = (es: Awaited<ReturnType<typeof readEvents>>, mac: string): boolean => es.some((e) => e.mac === mac && e.type === 'NAC Client Access Denied')
    const events = await readEvents(nats, 'demo', (es) => denied(es, '020000000313') && denied(es, '020000000314'), 10_000)
    const ok = events.filter((e) => e.mac === '020000000310' && e.type === 'NAC IDP Authentication Success')
    expect(ok.length, JSON.stringify(events.filter((e) => e.mac === '020000000310'))).toBeGreaterThanOrEqual(1)
    expect(ok[0]).toMatchObject({ polarity: 'positive', authType: 'EAP-TTLS' })
    expect(ok[0]?.reason).toBeUndefined()
    for (const [mac, reason] of [['020000000313', 'ttls_bad_password'], ['020000000314', 'ttls_unknown_user']] as const) {
      const mine = events.filter((e) => e.mac === mac)
      expect(mine.find((e) => e.type === 'NAC IDP Authentication Failure'), JSON.stringify(mine)).toMatchObject({ polarity: 'negative', authType: 'EAP-TTLS', reason })
      expect(mine.find((e) => e.type === 'NAC Client Access Denied')).toMatchObject({ reason })
      expect(mine.some((e) => e.type === 'NAC IDP Authentication Success')).toBe(false)
    }
    // A refused inner method is no password verdict: no IDP event for it.
    expect(events.filter((e) => e.mac === '020000000315').some((e) => e.type.startsWith('NAC IDP'))).toBe(false)
  })
})
