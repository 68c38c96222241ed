// RADIUS/UDP clients by source address, longest prefix first (requirements §5.2: clients are
// defined by IP or subnet). An address matching no client is not a NAS: its packets are silently
// discarded (RFC 2865 §3: "from a client ... for which it does not have a shared secret").
import { isIPv4, isIPv6 } from 'node:net'
import type { GatewayRadiusClient } from '../gateway-config.js'

type Prefix = { bits: bigint; len: number; v6: boolean; client: GatewayRadiusClient }

function toBig(addr: string): { v: bigint; v6: boolean } | undefined {
  const a = addr.startsWith('::ffff:') && isIPv4(addr.slice(7)) ? addr.slice(7) : addr
  if (isIPv4(a)) return { v: a.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n), v6: false }
  if (!isIPv6(a)) return undefined
  const [head, tail] = a.includes('::') ? a.split('::') as [string, string] : [a, undefined]
  const h = head === '' ? [] : head.split(':')
  const t = tail === undefined || tail === '' ? [] : tail.split(':')
  const expand = (parts: string[]): string[] => parts.flatMap((p) => (p.includes('.') ? v4Groups(p) : [p]))
  const hh = expand(h)
  const tt = expand(t)
  const groups = tail === undefined ? hh : [...hh, ...Array<string>(8 - hh.length - tt.length).fill('0'), ...tt]
  return { v: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n), v6: true }
}

function v4Groups(dotted: string): string[] {
  const n = dotted.split('.').map(Number)
  return [(((n[0] ?? 0) << 8) | (n[1] ?? 0)).toString(16), (((n[2] ?? 0) << 8) | (n[3] ?? 0)).toString(16)]
}

function mask(len: number, v6: boolean): bigint {
  const width = v6 ? 128n : 32n
  return len === 0 ? 0n : ((1n << BigInt(len)) - 1n) << (width - BigInt(len))
}

export class ClientTable {
  private readonly prefixes: Prefix[]

  constructor(clients: readonly GatewayRadiusClient[]) {
    const list: Prefix[] = []
    for (const client of clients) {
      const [addr, lenText] = client.cidr.split('/') as [string, string | undefined]
      const parsed = toBig(addr)
      if (parsed === undefined) continue
      const len = lenText === undefined ? (parsed.v6 ? 128 : 32) : Number(lenText)
      list.push({ bits: parsed.v & mask(len, parsed.v6), len, v6: parsed.v6, client })
    }
    // Longest prefix first: the first hit is the most specific client.
    this.prefixes = list.sort((a, b) => b.len - a.len)
  }

  // NAS addresses are few and repeat on every packet: remember each answer (bounded).
  private readonly cache = new Map<string, GatewayRadiusClient | null>()

  lookup(address: string): GatewayRadiusClient | undefined {
    const hit = this.cache.get(address)
    if (hit !== undefined) return hit ?? undefined
    const found = this.search(address)
    if (this.cache.size >= 65_536) this.cache.clear()
    this.cache.set(address, found ?? null)
    return found
  }

  private search(address: string): GatewayRadiusClient | undefined {
    const parsed = toBig(address)
    if (parsed === undefined) return undefined
    for (const p of this.prefixes) {
      if (p.v6 === parsed.v6 && (parsed.v & mask(p.len, p.v6)) === p.bits) return p.client
    }
    return undefined
  }
}
