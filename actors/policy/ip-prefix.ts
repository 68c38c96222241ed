// NAS IP Address labels (requirements §2.6, L3958: "The IP address of the network access server
// ... where the authentication request is being made"): each label value is an IPv4/IPv6 address
// or prefix ("10.0.0.0/8"); a request matches when its NAS-IP-Address (RFC 2865 §5.4) or
// NAS-IPv6-Address (RFC 3162 §2.1) lies in any of them.
import { parseIPv4, parseIPv6 } from '../../proto/radius/ip-text.js'

export interface IpPrefix {
  bytes: Buffer
  bits: number
}

function parseAddress(text: string): Buffer | undefined {
  return text.includes(':') ? parseIPv6(text) : parseIPv4(text)
}

/** "a.b.c.d", "a.b.c.d/n", "v6", "v6/n" -> prefix; undefined when malformed. */
export function parseIpPrefix(text: string): IpPrefix | undefined {
  const t = text.trim()
  const slash = t.indexOf('/')
  const bytes = parseAddress(slash < 0 ? t : t.slice(0, slash))
  if (bytes === undefined) return undefined
  const max = bytes.length * 8
  if (slash < 0) return { bytes, bits: max }
  const len = t.slice(slash + 1)
  if (!/^\d{1,3}$/.test(len) || Number(len) > max) return undefined
  return { bytes, bits: Number(len) }
}

/** Is the address inside the prefix? Different families never match. */
export function prefixContains(prefix: IpPrefix, address: string): boolean {
  const a = parseAddress(address.trim())
  if (a === undefined || a.length !== prefix.bytes.length) return false
  const full = prefix.bits >> 3
  for (let i = 0; i < full; i++) if (a[i] !== prefix.bytes[i]) return false
  const rest = prefix.bits & 7
  if (rest === 0) return true
  const mask = (0xff << (8 - rest)) & 0xff
  return ((a[full] as number) & mask) === ((prefix.bytes[full] as number) & mask)
}
