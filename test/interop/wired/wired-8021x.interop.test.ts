// A wired 802.1X login with real programs (issue 4): wpa_supplicant (driver wired) on the device
// end of a veth pair in a network namespace made here, hostapd (driver=wired) as the
// authenticator on the host end, hostapd → radsecproxy (RADIUS/UDP) → gateway (RadSec) → the
// client actor of the embedded default (`nac run`). EAP-TLS with the demo's client certificate
// ends with the port authorized on both sides and hostapd holding the VLAN of the demo's EAP rule
// (200); a client certificate from an unknown CA leaves the port unauthorized. EAPOL is layer 2:
// hostapd and everything it talks to stay on the host's loopback.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbedded } from '../../support/embedded.js'
import { createWiredPort, leftovers, requireNetns, type WiredPort } from '../../support/netns.js'
import { opensslCa, opensslLeaf, CLIENT_EXT } from '../../support/openssl-pki.js'
import { requirePeer, startRadsecproxy, type Radsecproxy } from '../../support/peers.js'
import { readCounters, type ServiceProcess } from '../../support/service-process.js'
import { hostapdSta, startHostapd, startSupplicant, supplicantStatus, waitFor, type Daemon } from './wired-peers.js'

const VLAN = 200

describe('wired 802.1X: wpa_supplicant ↔ hostapd (driver=wired) → radsecproxy → gateway', () => {
  let dir: string
  let demo: string
  let svc: ServiceProcess | undefined
  let rp: Radsecproxy | undefined
  let rpPort: number
  const ports: WiredPort[] = []
  const daemons: Daemon[] = []

  beforeAll(async () => {
    requireNetns()
    requirePeer('hostapd', 'hostapd')
    requirePeer('hostapd_cli', 'hostapd')
    requirePeer('wpa_supplicant', 'wpasupplicant')
    requirePeer('wpa_cli', 'wpasupplicant')
    requirePeer('radsecproxy', 'radsecproxy')
    dir = mkdtempSync(join(tmpdir(), 'nac-wired-'))
    demo = join(dir, 'data', 'demo')
    const e = await startEmbedded(join(dir, 'data'))
    svc = e.svc
    rpPort = e.ports.radsecproxy
    rp = await startRadsecproxy(join(demo, 'radsecproxy.conf'), /tlsconnect: TLS connection to .* up/i)
  })

  afterAll(async () => {
    for (const d of daemons.reverse()) await d.stop()
    await rp?.stop()
    await svc?.stop()
    for (const p of ports) p.remove()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
    // Nothing of this run may stay behind on the host.
    expect(ports.flatMap((p) => leftovers(p.tag))).toEqual([])
  })

  /** A port (namespace, veth pair, VLAN interface) with hostapd on its host end. */
  async function wiredPort(name: string): Promise<{ port: WiredPort; hostapd: Awaited<ReturnType<typeof startHostapd>> }> {
    const port = createWiredPort()
    ports.push(port)
    // The port's VLAN 200 interface: hostapd's wired driver cannot create it, so it must exist.
    const vlanIf = port.addHostVeth('v', 'w')
    const hostapd = await startHostapd(port, {
      dir, radiusPort: rpPort, secret: 'testing123', nasIdentifier: name,
      vlans: [{ id: VLAN, ifname: vlanIf.name, bridge: port.name('b') }],
    })
    daemons.push(hostapd)
    return { port, hostapd }
  }

  it(`EAP-TLS with the demo client certificate: the port is authorized, with VLAN ${VLAN} from the policy`, async () => {
    const { port, hostapd } = await wiredPort('nac-wired-ok')
    const started = Date.now()
    const supplicant = await startSupplicant(port, {
      dir, identity: 'demo-device-1', caCert: join(demo, 'eap-server-ca.pem'),
      clientCert: join(demo, 'client.pem'), privateKey: join(demo, 'client-key.pem'),
    })
    daemons.push(supplicant)
    const logs = (): string => `--- wpa_supplicant\n${supplicant.log().slice(-4000)}\n--- hostapd\n${hostapd.log().slice(-4000)}\n--- radsecproxy\n${rp?.log().slice(-2000)}`

    const status = await waitFor(() => supplicantStatus(supplicant, port), (s) => s['suppPortStatus'] === 'Authorized', 20_000, logs)
    const supplicantMs = Date.now() - started
    expect(status['EAP state']).toBe('SUCCESS')
    expect(status['Supplicant PAE state']).toBe('AUTHENTICATED')
    expect(status['selectedMethod']).toMatch(/EAP-TLS/)

    const sta = await waitFor(() => hostapdSta(hostapd, port), (s) => (s['flags'] ?? '').includes('[AUTHORIZED]'), 5_000, logs)
    const authenticatorMs = Date.now() - started
    expect(sta['addr']).toBe(port.deviceMac)
    expect(sta['dot1xAuthPaeState']).toBe('5') // AUTHENTICATED (hostapd prints the IEEE 802.1X state + 1)
    expect(sta['dot1xAuthAuthControlledPortStatus']).toBe('1') // Authorized
    expect(sta['dot1xAuthSessionUserName']).toBe('demo-device-1')
    expect(sta['last_eap_type_as']).toMatch(/^13 /) // EAP-TLS
    expect(sta['vlan_id']).toBe(String(VLAN))
    expect(hostapd.log()).toMatch(new RegExp(`RADIUS: VLAN ID ${VLAN}`))
    // wpa_supplicant waits 2 s (eapol_supp_sm.c, SUPP_PAE CONNECTING: startWhen = 2) for the
    // authenticator to speak first before its EAPOL-Start; hostapd's wired driver only learns of
    // the station from that frame. The EAP-TLS exchange itself runs from EAPOL-Start to Authorized.
    const at = (re: RegExp): number => Number(re.exec(supplicant.log())?.[1] ?? NaN) * 1000
    const eapMs = Math.round(at(/^(\d+\.\d+): EAPOL: Supplicant port status: Authorized/m) - at(/^(\d+\.\d+): EAPOL: txStart/m))
    expect(eapMs).toBeLessThan(5000)
    console.log(`wired 802.1X EAP-TLS: supplicant authorized ${supplicantMs} ms and hostapd's port authorized (vlan_id=${sta['vlan_id']}) ${authenticatorMs} ms after wpa_supplicant started; EAPOL-Start to Authorized ${eapMs} ms`)
  })

  it('a client certificate from an unknown CA leaves the port unauthorized', async () => {
    const pki = mkdtempSync(join(dir, 'foreign-'))
    const ca = opensslCa(pki, 'foreign-ca', '/O=demo/CN=demo client CA')
    const leaf = opensslLeaf(pki, ca, 'foreign', '/O=demo/CN=demo-device-1', `${CLIENT_EXT}subjectAltName=DNS:demo-device-1\n`)
    const { port, hostapd } = await wiredPort('nac-wired-foreign')
    const before = await readCounters(svc!)
    const supplicant = await startSupplicant(port, {
      dir, identity: 'demo-device-1', caCert: join(demo, 'eap-server-ca.pem'), clientCert: leaf.cert, privateKey: leaf.key,
    })
    daemons.push(supplicant)
    const logs = (): string => `--- wpa_supplicant\n${supplicant.log().slice(-4000)}\n--- hostapd\n${hostapd.log().slice(-4000)}`

    const status = await waitFor(() => supplicantStatus(supplicant, port), (s) => s['EAP state'] === 'FAILURE', 20_000, logs)
    expect(status['suppPortStatus']).toBe('Unauthorized')
    const sta = await waitFor(() => hostapdSta(hostapd, port), (s) => s['dot1xAuthAuthFailWhileAuthenticating'] === '1', 5_000, logs)
    expect(sta['flags'] ?? '').not.toContain('[AUTHORIZED]')
    expect(sta['dot1xAuthAuthControlledPortStatus']).toBe('2') // Unauthorized
    expect(sta['vlan_id']).toBeUndefined()
    expect(hostapd.log()).not.toMatch(/AP-STA-CONNECTED/)
    const after = await readCounters(svc!)
    expect((after['eap.reject.cert_unknown_ca'] ?? 0) - (before['eap.reject.cert_unknown_ca'] ?? 0)).toBeGreaterThanOrEqual(1)
  })
})
