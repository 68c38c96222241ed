// RADIUS client address ranges (RFC 4632 CIDR notation for IPv4, RFC 4291 §2.3 prefix notation
// for IPv6). A bare address is a /32 or /128 (proto/wire/org-config.ts). Host bits must be zero,
// so a mistyped prefix ("10.7.50.1/24") is caught rather than silently widened or narrowed.
import { isIPv4, isIPv6 } from 'node:net'

export interface Cidr {
  family: 4 | 6
  /** Network address bytes (host bits zero). */
  bytes: Uint8Array
  prefix: number
  /** A normalised text form for duplicate detection: hex bytes and prefix. */
  key: string
}

export type CidrParse = { ok: true; value: Cidr } | { ok: false; problem: string }

function ipv4Bytes(text: string): number[] {
  return text.split('.').map(Number)
}

function ipv6Bytes(text: string): number[] {
  // Embedded IPv4 tail (RFC 4291 §2.2 form 3) becomes two hex groups first.
  let t = text
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(t)
  if (v4 !== null) {
    const [a, b, c, d] = ipv4Bytes(v4[1]!) as [number, number, number, number]
    t = `${t.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = t.split('::')
  const h = head === '' ? [] : head.split(':')
  const tl = tail === undefined || tail === '' ? [] : tail.split(':')
  const groups = [...h, ...new Array<string>(8 - h.length - tl.length).fill('0'), ...tl]
  return groups.flatMap((g) => {
    const n = parseInt(g, 16)
    return [n >> 8, n & 0xff]
  })
}

/** Parse "addr/prefix" or a bare address. */
export function parseCidr(text: string): CidrParse {
  const slash = text.indexOf('/')
  const addr = slash < 0 ? text : text.slice(0, slash)
  const family = isIPv4(addr) ? 4 : isIPv6(addr) ? 6 : undefined
  if (family === undefined) return { ok: false, problem: 'not an IPv4 or IPv6 address' }
  if (addr.includes('%')) return { ok: false, problem: 'zone indexes are not allowed' }
  const max = family === 4 ? 32 : 128
  let prefix = max
  if (slash >= 0) {
    const p = text.slice(slash + 1)
    if (!/^\d{1,3}$/.test(p) || Number(p) > max) return { ok: false, problem: `prefix length must be 0..${max}` }
    prefix = Number(p)
  }
  const bytes = Uint8Array.from(family === 4 ? ipv4Bytes(addr) : ipv6Bytes(addr))
  for (let bit = prefix; bit < max; bit++) {
    if ((bytes[bit >> 3]! >> (7 - (bit & 7))) & 1) return { ok: false, problem: `host bits are set for a /${prefix}` }
  }
  return { ok: true, value: { family, bytes, prefix, key: `${Buffer.from(bytes).toString('hex')}/${prefix}` } }
}
