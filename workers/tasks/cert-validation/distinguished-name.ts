// Distinguished names (RFC 5280 §4.1.2.4): the RFC 4514 string form for policy matching and
// display, and name comparison for chaining (RFC 5280 §7.1).
import * as asn1js from 'asn1js'
import { bytesEqual, ownBytes, toHex } from './der-bytes.js'

interface Ava { type: string; value: asn1js.AsnType }
type Rdn = Ava[]

// RFC 4514 §3: the short names a string representation uses; other types appear as dotted OIDs.
const SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O', '2.5.4.11': 'OU',
  '2.5.4.6': 'C', '2.5.4.9': 'STREET', '0.9.2342.19200300.100.1.25': 'DC', '0.9.2342.19200300.100.1.1': 'UID',
}
const COMMON_NAME = '2.5.4.3'

/** RDNSequence of a Name DER, or undefined when malformed. */
function readRdns(nameDer: Uint8Array): Rdn[] | undefined {
  const parsed = asn1js.fromBER(ownBytes(nameDer))
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) return undefined
  const rdns: Rdn[] = []
  for (const set of parsed.result.valueBlock.value) {
    if (!(set instanceof asn1js.Set)) return undefined
    const rdn: Rdn = []
    for (const seq of set.valueBlock.value) {
      if (!(seq instanceof asn1js.Sequence)) return undefined
      const [type, value] = seq.valueBlock.value
      if (!(type instanceof asn1js.ObjectIdentifier) || value === undefined) return undefined
      rdn.push({ type: type.valueBlock.toString(), value })
    }
    rdns.push(rdn)
  }
  return rdns
}

function stringValue(v: asn1js.AsnType): string | undefined {
  if (v instanceof asn1js.Utf8String || v instanceof asn1js.BmpString || v instanceof asn1js.UniversalString) return v.valueBlock.value
  if (v instanceof asn1js.PrintableString || v instanceof asn1js.IA5String || v instanceof asn1js.TeletexString
    || v instanceof asn1js.VisibleString || v instanceof asn1js.NumericString) return v.valueBlock.value
  return undefined
}

// RFC 4514 §2.4: escape ",", "+", """, "\", "<", ">", ";", a leading "#" or space, a trailing
// space, and NUL.
function escapeValue(s: string): string {
  let out = s.replace(/[,+"\\<>;]/g, (c) => `\\${c}`).replace(/\0/g, '\\00')
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`
  if (out.endsWith(' ') && out.length > 1) out = `${out.slice(0, -1)}\\ `
  return out
}

function avaString(ava: Ava): string {
  const name = SHORT_NAMES[ava.type] ?? ava.type
  const s = stringValue(ava.value)
  // RFC 4514 §2.4: a value of a type without a string form is "#" and its BER encoding in hex.
  return `${name}=${s === undefined ? `#${toHex(new Uint8Array(ava.value.toBER(false)))}` : escapeValue(s)}`
}

/** RFC 4514 string of a Name DER ("CN=alice,O=Acme,C=FR": last RDN first); "" when malformed. */
export function nameToString(nameDer: Uint8Array): string {
  const rdns = readRdns(nameDer)
  if (rdns === undefined) return ''
  return rdns.slice().reverse().map((rdn) => rdn.map(avaString).join('+')).join(',')
}

/** The most specific (last) common name of a Name DER. */
export function commonName(nameDer: Uint8Array): string | undefined {
  const rdns = readRdns(nameDer)
  let cn: string | undefined
  for (const rdn of rdns ?? []) for (const ava of rdn) if (ava.type === COMMON_NAME) cn = stringValue(ava.value) ?? cn
  return cn
}

// Simplified RFC 4518 preparation: case fold, trim, collapse inner white space. Deviation: no
// full Unicode normalisation (what OpenSSL's X509_NAME_cmp canonical form does too).
function prepare(ava: Ava): string {
  const s = stringValue(ava.value)
  if (s === undefined) return `${ava.type}=#${toHex(new Uint8Array(ava.value.toBER(false)))}`
  return `${ava.type}=${s.trim().replace(/\s+/g, ' ').toLowerCase()}`
}

/**
 * Do two names match for chaining? RFC 5280 §7.1: "Conforming implementations MUST use the LDAP
 * StringPrep profile (including insignificant space handling), as specified in [RFC4518], as the
 * basis for comparison of distinguished name attributes encoded in either PrintableString or
 * UTF8String." Identical DER is equal at once; otherwise RDN by RDN on the prepared values.
 */
export function namesMatch(a: Uint8Array, b: Uint8Array): boolean {
  if (bytesEqual(a, b)) return true
  const ra = readRdns(a)
  const rb = readRdns(b)
  if (ra === undefined || rb === undefined || ra.length !== rb.length) return false
  return ra.every((rdn, i) => {
    const other = rb[i]
    if (other === undefined || other.length !== rdn.length) return false
    const set = new Set(other.map(prepare))
    return rdn.every((ava) => set.has(prepare(ava)))
  })
}

/** Is the name empty (a SEQUENCE with no RDN)? */
export function isEmptyName(nameDer: Uint8Array): boolean {
  return readRdns(nameDer)?.length === 0
}
