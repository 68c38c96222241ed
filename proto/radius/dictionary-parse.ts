// Parser for FreeRADIUS 3.2 dictionary files (dictionary(5)): ATTRIBUTE, VALUE, VENDOR with
// format=, BEGIN-VENDOR/END-VENDOR (incl. format=Extended-Vendor-Specific-N, RFC 6929 §2.4),
// BEGIN-TLV/END-TLV, $INCLUDE / $INCLUDE-. Unknown flags are recorded, unknown keywords and
// types become warnings; malformed lines throw with file:line (configuration error).
import type { AttributeDef, VendorDef } from './dictionary-types.js'

/** What the parser produced, in definition order. */
export interface DictionaryTables {
  vendors: VendorDef[]
  attributes: AttributeDef[]
  values: Array<{ attribute: string; name: string; value: number }>
  warnings: string[]
}

/** Types FreeRADIUS 3.2 knows; anything else is decoded as octets and warned about. */
export const KNOWN_TYPES: ReadonlySet<string> = new Set([
  'string', 'octets', 'ipaddr', 'ipv4prefix', 'integer', 'integer64', 'date', 'ipv6addr', 'ipv6prefix',
  'ifid', 'ether', 'abinary', 'byte', 'short', 'signed', 'tlv', 'extended', 'long-extended', 'evs', 'vsa',
  'combo-ip', 'combo-ipv4prefix', 'struct', 'time_delta', 'float32', 'uint8', 'uint16', 'uint32', 'uint64',
])
const KNOWN_FLAGS = new Set(['has_tag', 'concat', 'array', 'virtual', 'internal', 'secret', 'encrypt', 'abinary', 'long'])

interface FileState {
  vendor: VendorDef | undefined
  evsBase: number | undefined // 241..246 when BEGIN-VENDOR ... format=Extended-Vendor-Specific-N
  tlv: AttributeDef[] // BEGIN-TLV stack
}

function parseNumber(text: string): number {
  const n = /^0x[0-9a-f]+$/i.test(text) ? Number.parseInt(text.slice(2), 16) : /^-?[0-9]+$/.test(text) ? Number(text) : NaN
  return n
}

function dirOf(file: string): string {
  const i = file.lastIndexOf('/')
  return i < 0 ? '' : file.slice(0, i + 1)
}

/** Parse `entry` and its includes. */
export function parseDictionaryFiles(entry: string, read: (fileName: string) => string): DictionaryTables {
  const t: DictionaryTables = { vendors: [], attributes: [], values: [], warnings: [] }
  const vendors = new Map<string, VendorDef>()
  const attrs = new Map<string, AttributeDef>()
  const visiting = new Set<string>()

  const parseFile = (file: string): void => {
    if (visiting.has(file)) throw new Error(`${file}: $INCLUDE loop`)
    visiting.add(file)
    const st: FileState = { vendor: undefined, evsBase: undefined, tlv: [] }
    const lines = read(file).split(/\r?\n/)
    for (let i = 0; i < lines.length; i++) {
      const where = `${file}:${i + 1}`
      const hash = (lines[i] as string).indexOf('#')
      const text = (hash >= 0 ? (lines[i] as string).slice(0, hash) : (lines[i] as string)).trim()
      if (text === '') continue
      const f = text.split(/\s+/)
      const bad = (why: string): Error => new Error(`${where}: ${why}: ${text}`)
      switch (f[0]) {
        case '$INCLUDE':
        case '$INCLUDE-': {
          if (f[1] === undefined) throw bad('missing file name')
          const target = f[1].startsWith('/') ? f[1] : dirOf(file) + f[1]
          if (f[0] === '$INCLUDE-') {
            try {
              parseFile(target)
            } catch (err) {
              t.warnings.push(`${where}: optional include skipped: ${(err as Error).message}`)
            }
          } else {
            parseFile(target)
          }
          break
        }
        case 'VENDOR': {
          const id = parseNumber(f[2] ?? '')
          if (f[1] === undefined || !Number.isInteger(id) || id < 0 || id > 0xffffffff) throw bad('bad VENDOR')
          let typeSize: 1 | 2 | 4 = 1
          let lengthSize: 0 | 1 | 2 = 1
          let continuation = false
          if (f[3] !== undefined) {
            const m = /^format=([124]),([012])(,c)?$/.exec(f[3])
            if (m === null) throw bad('bad VENDOR format')
            typeSize = Number(m[1]) as 1 | 2 | 4
            lengthSize = Number(m[2]) as 0 | 1 | 2
            continuation = m[3] !== undefined
            if (continuation && (typeSize !== 1 || lengthSize !== 1)) throw bad('continuation needs format=1,1,c')
          }
          const v: VendorDef = { name: f[1], id, typeSize, lengthSize, continuation }
          vendors.set(v.name.toLowerCase(), v)
          t.vendors.push(v)
          break
        }
        case 'BEGIN-VENDOR': {
          const v = vendors.get((f[1] ?? '').toLowerCase())
          if (v === undefined) throw bad('unknown vendor')
          st.vendor = v
          st.evsBase = undefined
          if (f[2] !== undefined) {
            const m = /^format=Extended-Vendor-Specific-([1-6])$/.exec(f[2])
            if (m === null) throw bad('bad BEGIN-VENDOR format')
            st.evsBase = 240 + Number(m[1])
          }
          break
        }
        case 'END-VENDOR':
          if (st.vendor === undefined || st.vendor.name.toLowerCase() !== (f[1] ?? '').toLowerCase()) throw bad('END-VENDOR without BEGIN-VENDOR')
          st.vendor = undefined
          st.evsBase = undefined
          break
        case 'BEGIN-TLV': {
          const parent = attrs.get((f[1] ?? '').toLowerCase())
          if (parent === undefined || parent.type !== 'tlv') throw bad('BEGIN-TLV of an unknown or non-tlv attribute')
          st.tlv.push(parent)
          break
        }
        case 'END-TLV': {
          const top = st.tlv.pop()
          if (top === undefined || top.name.toLowerCase() !== (f[1] ?? '').toLowerCase()) throw bad('END-TLV without BEGIN-TLV')
          break
        }
        case 'ATTRIBUTE': {
          const [, name, oid, rawType, extra] = f
          if (name === undefined || oid === undefined || rawType === undefined) throw bad('ATTRIBUTE needs name, number, type')
          const parts = oid.split('.').map(parseNumber)
          if (parts.some((n) => !Number.isInteger(n) || n < 0)) throw bad('bad attribute number')
          let type = rawType.toLowerCase()
          let fixedLength: number | undefined
          const arr = /^octets\[([0-9]+)\]$/.exec(type)
          if (arr !== null) {
            type = 'octets'
            fixedLength = Number(arr[1])
          }
          if (!KNOWN_TYPES.has(type)) t.warnings.push(`${where}: unknown type ${rawType}, decoded as octets`)
          let vendor = st.vendor
          const flags: Record<string, string> = {}
          if (extra !== undefined) {
            const legacyVendor = vendors.get(extra.toLowerCase())
            if (legacyVendor !== undefined && !extra.includes('=')) {
              vendor = legacyVendor // old form: ATTRIBUTE name number type VendorName
            } else {
              for (const flag of extra.split(',')) {
                if (flag === '') continue
                const eq = flag.indexOf('=')
                const key = eq < 0 ? flag : flag.slice(0, eq)
                flags[key] = eq < 0 ? '' : flag.slice(eq + 1)
                if (!KNOWN_FLAGS.has(key)) t.warnings.push(`${where}: unknown flag ${flag} recorded`)
              }
            }
          }
          const encrypt = flags.encrypt === undefined ? 0 : Number(flags.encrypt)
          if (encrypt !== 0 && encrypt !== 1 && encrypt !== 2 && encrypt !== 3) throw bad('bad encrypt=')
          const parent = st.tlv[st.tlv.length - 1]
          let code: number[]
          if (parent !== undefined) code = [...parent.code, ...parts]
          else if (vendor === undefined) code = parts
          else if (st.evsBase !== undefined && vendor === st.vendor) code = [st.evsBase, 26, ...parts]
          else code = [26, ...parts]
          const def: AttributeDef = {
            name,
            vendor: parent !== undefined ? parent.vendor : (vendor?.id ?? 0),
            code,
            type,
            encrypt,
            hasTag: 'has_tag' in flags,
            concat: 'concat' in flags,
            array: 'array' in flags,
            virtual: 'virtual' in flags,
            internal: 'internal' in flags,
            fixedLength,
            flags,
            source: where,
          }
          attrs.set(name.toLowerCase(), def)
          t.attributes.push(def)
          break
        }
        case 'VALUE': {
          const [, attribute, name, num] = f
          const value = parseNumber(num ?? '')
          if (attribute === undefined || name === undefined || !Number.isFinite(value)) throw bad('VALUE needs attribute, name, number')
          t.values.push({ attribute, name, value })
          break
        }
        default:
          t.warnings.push(`${where}: unknown keyword ${f[0]} ignored`)
      }
    }
    if (st.vendor !== undefined) throw new Error(`${file}: BEGIN-VENDOR ${st.vendor.name} without END-VENDOR`)
    if (st.tlv.length > 0) throw new Error(`${file}: BEGIN-TLV without END-TLV`)
    visiting.delete(file)
  }

  parseFile(entry)
  return t
}
