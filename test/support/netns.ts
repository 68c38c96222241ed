// Network namespaces and veth pairs made by a test (iproute2, as root): a wired "port" is a veth
// pair whose host end stays in the host's namespace and whose peer end lives in a namespace of its
// own, where the device (a supplicant) runs. EAPOL is layer 2, so nothing needs IP between the
// two ends. Every name carries a random tag so that parallel runs never meet, and remove() takes
// everything down again (also after a failure); leftovers() says what is still there.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'

function ip(args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

function ipQuiet(args: string[]): void {
  try { ip(args) } catch { /* already gone */ }
}

/** Fails with what to do when the test cannot make namespaces (not root, no iproute2). */
export function requireNetns(): void {
  if (process.getuid?.() !== 0) throw new Error('network namespaces need root: run the interop tests as root (ops/bin/setup-and-test.sh does in CI)')
  try { ip(['netns', 'list']) } catch (e) {
    throw new Error(`ip netns does not work: install the Debian package iproute2 (${(e as Error).message})`)
  }
}

export interface WiredPort {
  /** The random tag in every name below. */
  tag: string
  /** The namespace the device end lives in. */
  netns: string
  /** The veth end in the host's namespace: the authenticator's port. */
  hostIf: string
  /** The veth end inside netns: the device's NIC. */
  deviceIf: string
  /** The device end's MAC (what the authenticator sends as Calling-Station-Id). */
  deviceMac: string
  /** Another host link for this port, named with the tag (e.g. the port's VLAN interface): a veth pair, both ends up. */
  addHostVeth(suffix: string, peerSuffix: string): { name: string; peer: string }
  /** A name with this port's tag, for links other programs create (removed by remove() too). */
  name(suffix: string): string
  /** Runs argv inside the namespace (`ip netns exec`). */
  exec(argv: string[]): string[]
  remove(): void
}

/** Links and namespaces whose names carry tag: empty once remove() has run. */
export function leftovers(tag: string): string[] {
  const links = (JSON.parse(ip(['-j', 'link', 'show'])) as Array<{ ifname: string }>).map((l) => l.ifname).filter((n) => n.includes(tag))
  const namespaces = ip(['netns', 'list']).split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => n.includes(tag))
  return [...links.map((n) => `link ${n}`), ...namespaces.map((n) => `netns ${n}`)]
}

/** A namespace and a veth pair, both ends up, the device end moved into the namespace. */
export function createWiredPort(): WiredPort {
  // Interface names are at most 15 characters: "nw" + 6 hex + a suffix stays well below.
  const tag = `nw${randomBytes(3).toString('hex')}`
  const netns = `nac-${tag}`
  const hostIf = `${tag}h`
  const deviceIf = `${tag}d`
  const extra: string[] = []
  const port: WiredPort = {
    tag, netns, hostIf, deviceIf, deviceMac: '',
    addHostVeth(suffix, peerSuffix) {
      const name = `${tag}${suffix}`
      const peer = `${tag}${peerSuffix}`
      extra.push(name, peer)
      ip(['link', 'add', name, 'type', 'veth', 'peer', 'name', peer])
      ip(['link', 'set', name, 'up'])
      ip(['link', 'set', peer, 'up'])
      return { name, peer }
    },
    name(suffix) {
      const name = `${tag}${suffix}`
      extra.push(name)
      return name
    },
    exec: (argv) => ['ip', 'netns', 'exec', netns, ...argv],
    remove() {
      // Deleting the namespace destroys the device end, and with it the host end of the pair.
      ipQuiet(['netns', 'delete', netns])
      for (const n of [hostIf, ...extra]) ipQuiet(['link', 'delete', n])
    },
  }
  try {
    ip(['netns', 'add', netns])
    ip(['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', deviceIf])
    ip(['link', 'set', deviceIf, 'netns', netns])
    ip(['link', 'set', hostIf, 'up'])
    ip(['-n', netns, 'link', 'set', 'lo', 'up'])
    ip(['-n', netns, 'link', 'set', deviceIf, 'up'])
    const [info] = JSON.parse(ip(['-n', netns, '-j', 'link', 'show', 'dev', deviceIf])) as Array<{ address: string }>
    if (info === undefined) throw new Error(`no link ${deviceIf} in ${netns}`)
    port.deviceMac = info.address
  } catch (e) {
    port.remove()
    throw e
  }
  return port
}
