// The simulated clients: M distinct MACs, a known fraction spread evenly among them. A managed
// target (bench/peers) is provisioned with the known MACs, so each client's expected MAB
// decision is known: known MAC → Access-Accept with VLAN 100, unknown → Access-Reject.

export interface SimClient {
  index: number
  /** 12 lower-case hex digits, as Cisco switches send MAB User-Name. */
  mac: string
  known: boolean
}

/** The VLAN the demo policy (ops/config/demo-org.yaml) and the FreeRADIUS peer assign to known MACs. */
export const KNOWN_VLAN = '100'

export function macOf(index: number): string {
  return `02be${index.toString(16).padStart(8, '0')}`
}

/** "02be00000001" → "02-BE-00-00-00-01" (Calling-Station-Id, RFC 3580 §3.21). */
export function dashedMac(mac: string): string {
  // Per EAP session (Calling-Station-Id): slices, not a regex match and a join.
  const m = mac.toUpperCase()
  let out = m.slice(0, 2)
  for (let i = 2; i < m.length; i += 2) out += `-${m.slice(i, i + 2)}`
  return out
}

/** "02be00000001" → "02:be:00:00:00:01" (the endpoint database's usual spelling). */
export function colonMac(mac: string): string {
  return (mac.match(/../g) ?? []).join(':')
}

export function buildPopulation(count: number, knownFraction: number): SimClient[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`--clients must be a positive integer, got ${count}`)
  if (!(knownFraction >= 0 && knownFraction <= 1)) throw new Error(`--known must be within 0..1, got ${knownFraction}`)
  // Client i is known when the running count of known clients steps up at i: evenly interleaved,
  // so a short run over the first K clients still sees the same mix.
  return Array.from({ length: count }, (_, i) => ({
    index: i, mac: macOf(i), known: Math.floor((i + 1) * knownFraction) > Math.floor(i * knownFraction),
  }))
}
