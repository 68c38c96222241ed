// iPAddress entries of subjectAltName (RFC 5280 §4.2.1.6): "four octets" for IPv4 and
// "sixteen octets" for IPv6, in network byte order, as a forge binary string.

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/
const HEXGROUP = /^[0-9a-fA-F]{1,4}$/

function ipv4Bytes(text: string): number[] | undefined {
  const m = IPV4.exec(text)
  if (m === null) return undefined
  const octets = m.slice(1).map(Number)
  return octets.every((o) => o <= 255) ? octets : undefined
}

function ipv6Bytes(text: string): number[] | undefined {
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const parse = (part: string): number[] | undefined => {
    if (part === '') return []
    const groups = part.split(':')
    return groups.every((g) => HEXGROUP.test(g)) ? groups.map((g) => parseInt(g, 16)) : undefined
  }
  const head = parse(halves[0] ?? '')
  const tail = halves.length === 2 ? parse(halves[1] ?? '') : []
  if (head === undefined || tail === undefined) return undefined
  const missing = 8 - head.length - tail.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail]
  return groups.flatMap((g) => [g >> 8, g & 0xff])
}

/** Network-order bytes of an IPv4 or IPv6 literal as a binary string; undefined when malformed. */
export function ipAddressBytes(text: string): string | undefined {
  const bytes = text.includes(':') ? ipv6Bytes(text) : ipv4Bytes(text)
  return bytes === undefined ? undefined : String.fromCharCode(...bytes)
}
