// hostapd (driver=wired, the authenticator on the host end of a wired port) and wpa_supplicant
// (driver wired, the device in the port's namespace), from Debian's hostapd and wpasupplicant
// packages; their state is read through their control interfaces with hostapd_cli and wpa_cli.
// Both run in the foreground with -d (their log is kept for failure messages) and are stopped by
// their own PID.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { WiredPort } from '../../support/netns.js'

export interface Daemon {
  proc: ChildProcess
  log(): string
  stop(): Promise<void>
}

function startDaemon(argv: string[], waitFor: RegExp, timeoutMs = 10_000): Promise<Daemon> {
  const [cmd, ...args] = argv
  const proc = spawn(cmd ?? '', args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  const exited = new Promise<void>((r) => proc.once('exit', () => r()))
  const daemon: Daemon = {
    proc,
    log: () => log,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return
      proc.kill('SIGTERM')
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(t)
    },
  }
  return new Promise<Daemon>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${argv.join(' ')}: no ${waitFor} within ${timeoutMs} ms:\n${log.slice(-5000)}`)), timeoutMs)
    const on = (d: Buffer): void => {
      log = (log + d.toString()).slice(-500_000)
      if (waitFor.test(log)) { clearTimeout(t); resolve(daemon) }
    }
    proc.stdout?.on('data', on)
    proc.stderr?.on('data', on)
    proc.once('error', (e) => { clearTimeout(t); reject(e) })
    proc.once('exit', (code) => { clearTimeout(t); reject(new Error(`${argv.join(' ')} exited ${code}:\n${log.slice(-5000)}`)) })
  }).catch(async (e: unknown) => { await daemon.stop(); throw e })
}

export interface HostapdOptions {
  dir: string
  radiusPort: number
  secret: string
  nasIdentifier: string
  /** VLAN id → the port's VLAN interface (an existing link) and the bridge hostapd makes for it. */
  vlans: Array<{ id: number; ifname: string; bridge: string }>
}

/**
 * The wired authenticator. dynamic_vlan=1 makes hostapd take the Tunnel-Type/Medium-Type/
 * Private-Group-Id of the Access-Accept (RFC 3580) as the station's VLAN; with driver=wired it
 * accepts only VLAN ids listed in vlan_file, and each listed interface must already exist (the
 * wired driver cannot create one: "VLAN: Could not add VLAN ...: No such device"). hostapd then
 * bridges that interface into the named bridge, and `sta <MAC>` shows `vlan_id=`.
 */
export async function startHostapd(port: WiredPort, o: HostapdOptions): Promise<Daemon & { ctrl: string; conf: string }> {
  const ctrl = join(o.dir, `hostapd-${port.tag}`)
  const vlanFile = join(o.dir, `hostapd-${port.tag}.vlan`)
  writeFileSync(vlanFile, o.vlans.map((v) => `${v.id} ${v.ifname} ${v.bridge}\n`).join(''))
  const conf = join(o.dir, `hostapd-${port.tag}.conf`)
  writeFileSync(conf, [
    `interface=${port.hostIf}`,
    'driver=wired',
    `ctrl_interface=${ctrl}`,
    'logger_stdout=-1',
    'logger_stdout_level=1',
    'ieee8021x=1',
    'eap_reauth_period=0',
    'use_pae_group_addr=1',
    'dynamic_vlan=1',
    `vlan_file=${vlanFile}`,
    'own_ip_addr=127.0.0.1',
    `nas_identifier=${o.nasIdentifier}`,
    'auth_server_addr=127.0.0.1',
    `auth_server_port=${o.radiusPort}`,
    `auth_server_shared_secret=${o.secret}`,
    '',
  ].join('\n'))
  const d = await startDaemon(['hostapd', '-d', '-t', conf], /AP-ENABLED/)
  return { ...d, ctrl, conf }
}

export interface SupplicantOptions {
  dir: string
  identity: string
  caCert: string
  clientCert: string
  privateKey: string
}

/** wpa_supplicant with the wired driver on the device end of the port, inside its namespace. */
export async function startSupplicant(port: WiredPort, o: SupplicantOptions): Promise<Daemon & { ctrl: string; conf: string }> {
  const ctrl = join(o.dir, `wpa-${port.tag}`)
  const conf = join(o.dir, `wpa-${port.tag}.conf`)
  writeFileSync(conf, [
    'ap_scan=0',
    'network={',
    '\tkey_mgmt=IEEE8021X',
    '\teap=TLS',
    `\tidentity="${o.identity}"`,
    `\tca_cert="${o.caCert}"`,
    `\tclient_cert="${o.clientCert}"`,
    `\tprivate_key="${o.privateKey}"`,
    '\teapol_flags=0',
    '}',
    '',
  ].join('\n'))
  const d = await startDaemon(port.exec(['wpa_supplicant', '-D', 'wired', '-i', port.deviceIf, '-c', conf, '-C', ctrl, '-d', '-t']),
    /Successfully initialized wpa_supplicant/)
  return { ...d, ctrl, conf }
}

/** key=value lines of a *_cli command (the MAC line of `sta` becomes addr=). */
function cli(cmd: string, args: string[]): Promise<Record<string, string>> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: 5000 }, (_err, stdout) => {
      const out: Record<string, string> = {}
      for (const line of (stdout ?? '').split('\n')) {
        const eq = line.indexOf('=')
        if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1)
        else if (/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(line.trim())) out['addr'] = line.trim()
      }
      resolve(out)
    })
  })
}

/** hostapd's view of the station: flags, dot1xAuthPaeState (5 = AUTHENTICATED), vlan_id. */
export const hostapdSta = (h: { ctrl: string }, port: WiredPort): Promise<Record<string, string>> =>
  cli('hostapd_cli', ['-p', h.ctrl, '-i', port.hostIf, 'sta', port.deviceMac])

/** wpa_supplicant's status: EAP state, suppPortStatus, Supplicant PAE state. */
export const supplicantStatus = (s: { ctrl: string }, port: WiredPort): Promise<Record<string, string>> =>
  cli('wpa_cli', ['-p', s.ctrl, '-i', port.deviceIf, 'status'])

/** Polls until done() holds for the value read, or fails with the last value and the logs. */
export async function waitFor<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number, logs: () => string): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = await read()
    if (done(v)) return v
    if (Date.now() > until) throw new Error(`not reached within ${timeoutMs} ms: ${JSON.stringify(v)}\n${logs()}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
