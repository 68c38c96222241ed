// Text forms of addresses used by RADIUS data types (RFC 8044 §3.8-3.11): dotted IPv4,
// IPv6 in RFC 5952 canonical form, interface ids (RFC 3162 §2.2) and MAC addresses.

/** "a.b.c.d" from 4 octets. */
export function formatIPv4(b: Buffer, off = 0): string {
  return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`
}

/** 4 octets from "a.b.c.d", or undefined. */
export function parseIPv4(text: string): Buffer | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text)
  if (m === null) return undefined
  const out = Buffer.alloc(4)
  for (let i = 0; i < 4; i++) {
    const s = m[i + 1] as string
    const n = Number(s)
    if (n > 255 || (s.length > 1 && s.startsWith('0'))) return undefined
    out[i] = n
  }
  return out
}

/** RFC 5952 §4 canonical text of 16 octets: lower case, no leading zeros, longest zero run as "::". */
export function formatIPv6(b: Buffer, off = 0): string {
  const g: number[] = []
  for (let i = 0; i < 8; i++) g.push(b.readUInt16BE(off + i * 2))
  // RFC 5952 §5: IPv4-mapped addresses are written with the IPv4 part dotted.
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${formatIPv4(b, off + 12)}`
  }
  // RFC 5952 §4.2.3: "the longest run of consecutive 16-bit 0 fields MUST be shortened"; on a
  // tie the first; §4.2.2: a single 0 field is not shortened.
  let bestStart = -1
  let bestLen = 1
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && g[j] === 0) j++
    if (j - i > bestLen) {
      bestStart = i
      bestLen = j - i
    }
    i = j
  }
  const hex = g.map((x) => x.toString(16))
  if (bestStart < 0) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`
}

/** 16 octets from IPv6 text (any valid RFC 4291 §2.2 form), or undefined. */
export function parseIPv6(text: string): Buffer | undefined {
  let s = text
  const tail: number[] = []
  const lastColon = s.lastIndexOf(':')
  if (s.includes('.')) {
    const v4 = parseIPv4(s.slice(lastColon + 1))
    if (v4 === undefined) return undefined
    tail.push(v4.readUInt16BE(0), v4.readUInt16BE(2))
    s = s.slice(0, lastColon + 1)
    if (!s.endsWith('::')) s = s.slice(0, -1)
  }
  const halves = s.split('::')
  if (halves.length > 2) return undefined
  const parse = (part: string): number[] | undefined => {
    if (part === '') return []
    const out: number[] = []
    for (const h of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(h)) return undefined
      out.push(Number.parseInt(h, 16))
    }
    return out
  }
  const head = parse(halves[0] as string)
  const rest = halves.length === 2 ? parse(halves[1] as string) : []
  if (head === undefined || rest === undefined) return undefined
  const groups = halves.length === 2 ? [...head, ...rest, ...tail] : [...head, ...tail]
  const fill = 8 - groups.length
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined
  const all = halves.length === 2 ? [...head, ...new Array<number>(fill).fill(0), ...rest, ...tail] : groups
  const out = Buffer.alloc(16)
  all.forEach((x, i) => out.writeUInt16BE(x, i * 2))
  return out
}

/** "xxxx:xxxx:xxxx:xxxx" from 8 octets (RFC 3162 §2.2 Framed-Interface-Id). */
export function formatIfid(b: Buffer): string {
  const h = b.toString('hex')
  return `${h.slice(0, 4)}:${h.slice(4, 8)}:${h.slice(8, 12)}:${h.slice(12, 16)}`
}

export function parseIfid(text: string): Buffer | undefined {
  const m = /^([0-9a-f]{1,4}):([0-9a-f]{1,4}):([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(text)
  if (m === null) return undefined
  return Buffer.from(m.slice(1).map((x) => x.padStart(4, '0')).join(''), 'hex')
}

/** "aa:bb:cc:dd:ee:ff" from 6 octets. */
export function formatEther(b: Buffer): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':')
}

export function parseEther(text: string): Buffer | undefined {
  const m = /^([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})$/i.exec(text)
  return m === null ? undefined : Buffer.from(m.slice(1).join(''), 'hex')
}
