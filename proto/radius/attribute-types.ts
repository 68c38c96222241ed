// Leaf value codecs for the FreeRADIUS 3.2 data types (RFC 8044 §3 names in brackets):
// string [text/string], octets, integer [integer], byte, short, signed, integer64 [integer64],
// date [time], ipaddr [ipv4addr], ipv6addr, ipv6prefix (RFC 3162 §2.3), ipv4prefix
// (RFC 6572 §3.2), ifid (RFC 3162 §2.2), ether, combo-ip, abinary (kept as octets).
import { isUtf8 } from 'node:buffer'
import { formatEther, formatIfid, formatIPv4, formatIPv6, parseEther, parseIfid, parseIPv4, parseIPv6 } from './ip-text.js'

/** A decoded leaf value. */
export type AttributeValue = string | number | bigint | Buffer | Date

const FIXED: Readonly<Record<string, number>> = {
  integer: 4, byte: 1, short: 2, signed: 4, integer64: 8, date: 4, ipaddr: 4, ipv6addr: 16, ifid: 8, ether: 6, ipv4prefix: 6,
}

/** Octets of a fixed-size type, or undefined for variable-size types. */
export function fixedSize(type: string): number | undefined {
  return FIXED[type]
}

/**
 * Decode a leaf value; undefined when the octets are not valid for the type (the caller then
 * keeps the attribute raw, as FreeRADIUS turns it into an unknown attribute).
 */
export function decodeValue(type: string, d: Buffer): AttributeValue | undefined {
  const size = FIXED[type]
  if (size !== undefined && d.length !== size) return undefined
  switch (type) {
    case 'string':
      // RFC 8044 §3.5 "text" is UTF-8; RADIUS "string" may hold any octets, so non-UTF-8 stays a Buffer.
      return isUtf8(d) ? d.toString('utf8') : d
    case 'integer':
      return d.readUInt32BE(0)
    case 'byte':
      return d[0] as number
    case 'short':
      return d.readUInt16BE(0)
    case 'signed':
      return d.readInt32BE(0)
    case 'integer64':
      return d.readBigUInt64BE(0)
    case 'date':
      return new Date(d.readUInt32BE(0) * 1000)
    case 'ipaddr':
      return formatIPv4(d)
    case 'ipv6addr':
      return formatIPv6(d)
    case 'ifid':
      return formatIfid(d)
    case 'ether':
      return formatEther(d)
    case 'ipv4prefix':
      // RFC 6572 §3.2: Reserved (1), Prefix-Length (1, at most 32), Prefix (4).
      if ((d[1] as number) > 32) return undefined
      return `${formatIPv4(d, 2)}/${d[1]}`
    case 'ipv6prefix': {
      // RFC 3162 §2.3: Reserved (1), Prefix-Length (1, "The length of the prefix, in bits. At
      // least 0 and no larger than 128"), Prefix (up to 16 octets).
      if (d.length < 2 || d.length > 18 || (d[1] as number) > 128) return undefined
      const addr = Buffer.alloc(16)
      d.copy(addr, 0, 2)
      return `${formatIPv6(addr)}/${d[1]}`
    }
    case 'combo-ip':
      return d.length === 4 ? formatIPv4(d) : d.length === 16 ? formatIPv6(d) : undefined
    default:
      return d // octets, abinary, and types decoded as octets
  }
}

function intIn(value: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${what}: ${value} not an integer in ${min}..${max}`)
  return value
}

/**
 * Encode a leaf value for `type`. `named` resolves VALUE names for integer types. Throws
 * RangeError (with `what` in the message) on a value the type cannot hold.
 */
export function encodeValue(type: string, value: AttributeValue, what: string, named: (name: string) => number | undefined): Buffer {
  const bad = (): RangeError => new RangeError(`${what}: bad ${type} value ${String(value)}`)
  const toInt = (min: number, max: number): number => {
    if (typeof value === 'number') return intIn(value, min, max, what)
    if (typeof value === 'bigint') return intIn(Number(value), min, max, what)
    if (typeof value === 'string') {
      const n = named(value) ?? (/^-?\d+$/.test(value) ? Number(value) : /^0x[0-9a-f]+$/i.test(value) ? Number.parseInt(value.slice(2), 16) : undefined)
      if (n === undefined) throw new RangeError(`${what}: unknown value name ${value}`)
      return intIn(n, min, max, what)
    }
    throw bad()
  }
  const text = (): string => {
    if (typeof value !== 'string') throw bad()
    return value
  }
  switch (type) {
    case 'string':
      if (typeof value === 'string') return Buffer.from(value, 'utf8')
      if (Buffer.isBuffer(value)) return value
      throw bad()
    case 'integer': {
      const b = Buffer.allocUnsafe(4)
      b.writeUInt32BE(toInt(0, 0xffffffff))
      return b
    }
    case 'byte':
      return Buffer.from([toInt(0, 255)])
    case 'short': {
      const b = Buffer.allocUnsafe(2)
      b.writeUInt16BE(toInt(0, 0xffff))
      return b
    }
    case 'signed': {
      const b = Buffer.allocUnsafe(4)
      b.writeInt32BE(toInt(-0x80000000, 0x7fffffff))
      return b
    }
    case 'integer64': {
      let v: bigint
      if (typeof value === 'bigint') v = value
      else if (typeof value === 'number' && Number.isSafeInteger(value)) v = BigInt(value)
      else if (typeof value === 'string' && /^\d+$/.test(value)) v = BigInt(value)
      else throw bad()
      if (v < 0n || v > 0xffffffffffffffffn) throw bad()
      const b = Buffer.allocUnsafe(8)
      b.writeBigUInt64BE(v)
      return b
    }
    case 'date': {
      const secs = value instanceof Date ? value.getTime() / 1000 : typeof value === 'number' ? value : NaN
      const b = Buffer.allocUnsafe(4)
      b.writeUInt32BE(intIn(secs, 0, 0xffffffff, what))
      return b
    }
    case 'ipaddr':
      return parseIPv4(text()) ?? (() => { throw bad() })()
    case 'ipv6addr':
      return parseIPv6(text()) ?? (() => { throw bad() })()
    case 'ifid':
      return parseIfid(text()) ?? (() => { throw bad() })()
    case 'ether':
      return parseEther(text()) ?? (() => { throw bad() })()
    case 'combo-ip': {
      const t = text()
      return parseIPv4(t) ?? parseIPv6(t) ?? (() => { throw bad() })()
    }
    case 'ipv4prefix': {
      const [a, l] = text().split('/')
      const addr = parseIPv4(a ?? '')
      const len = Number(l ?? 'x')
      if (addr === undefined || !Number.isInteger(len) || len < 0 || len > 32) throw bad()
      return Buffer.concat([Buffer.from([0, len]), addr])
    }
    case 'ipv6prefix': {
      const [a, l] = text().split('/')
      const addr = parseIPv6(a ?? '')
      const len = Number(l ?? 'x')
      if (addr === undefined || !Number.isInteger(len) || len < 0 || len > 128) throw bad()
      // RFC 3162 §2.3: "Bits outside of the Prefix-Length, if included, must be zero."
      const n = Math.ceil(len / 8)
      const out = Buffer.alloc(2 + n)
      out[1] = len
      addr.copy(out, 2, 0, n)
      if (len % 8 !== 0) out[1 + n] = (out[1 + n] as number) & (0xff << (8 - (len % 8)))
      return out
    }
    default:
      if (Buffer.isBuffer(value)) return value
      if (typeof value === 'string' && /^0x([0-9a-f]{2})*$/i.test(value)) return Buffer.from(value.slice(2), 'hex')
      throw bad()
  }
}
