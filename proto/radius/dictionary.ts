// A parsed FreeRADIUS 3.2 dictionary: lookups by name, by vendor + OID, and named VALUEs.
// Parsing lives in dictionary-parse.ts; reading files from disk lives in ops/radius.
import type { AttributeDef, VendorDef } from './dictionary-types.js'
import { parseDictionaryFiles, type DictionaryTables } from './dictionary-parse.js'

export type { AttributeDef, VendorDef } from './dictionary-types.js'

function codeKey(vendor: number, code: readonly number[]): string {
  return `${vendor}:${code.join('.')}`
}

/** Attribute, vendor and value tables. Names are case-insensitive, as in FreeRADIUS. */
export class Dictionary {
  private readonly standard: Array<AttributeDef | undefined> = new Array<AttributeDef | undefined>(256)
  private readonly byName = new Map<string, AttributeDef>()
  private readonly byKey = new Map<string, AttributeDef>()
  private readonly vendorsByName = new Map<string, VendorDef>()
  private readonly vendorsById = new Map<number, VendorDef>()
  private readonly valuesByName = new Map<string, Map<string, number>>()
  private readonly namesByValue = new Map<string, Map<number, string>>()
  /** Lines the parser did not understand (unknown keywords, types), as "file:line: text". */
  readonly warnings: readonly string[]

  private constructor(t: DictionaryTables) {
    for (const v of t.vendors) {
      this.vendorsByName.set(v.name.toLowerCase(), v)
      this.vendorsById.set(v.id, v)
    }
    for (const a of t.attributes) {
      this.byName.set(a.name.toLowerCase(), a)
      // A later definition of the same number wins, as FreeRADIUS's by-value table does.
      this.byKey.set(codeKey(a.vendor, a.code), a)
      if (a.vendor === 0 && a.code.length === 1) this.standard[a.code[0] as number] = a
    }
    for (const v of t.values) {
      const attr = v.attribute.toLowerCase()
      let byName = this.valuesByName.get(attr)
      let byValue = this.namesByValue.get(attr)
      if (byName === undefined || byValue === undefined) {
        byName = new Map()
        byValue = new Map()
        this.valuesByName.set(attr, byName)
        this.namesByValue.set(attr, byValue)
      }
      byName.set(v.name.toLowerCase(), v.value)
      // The first name given to a number is the one printed (later ones are aliases).
      if (!byValue.has(v.value)) byValue.set(v.value, v.name)
    }
    this.warnings = t.warnings
  }

  /**
   * Parse `entry` and every file it `$INCLUDE`s; `read` returns a file's text by the name
   * (path relative to the including file's directory, joined with '/'). Throws Error with
   * file:line on a malformed line: dictionaries are configuration, not network input.
   */
  static parse(entry: string, read: (fileName: string) => string): Dictionary {
    return new Dictionary(parseDictionaryFiles(entry, read))
  }

  /** Attribute by name (case-insensitive). */
  attribute(name: string): AttributeDef | undefined {
    return this.byName.get(name.toLowerCase())
  }

  /** Attribute by vendor id (0 = standard) and OID path, see AttributeDef.code. */
  byCode(vendor: number, code: readonly number[]): AttributeDef | undefined {
    if (vendor === 0 && code.length === 1) return this.standard[code[0] as number]
    return this.byKey.get(codeKey(vendor, code))
  }

  /** Number of a named VALUE of an attribute. */
  value(attributeName: string, valueName: string): number | undefined {
    return this.valuesByName.get(attributeName.toLowerCase())?.get(valueName.toLowerCase())
  }

  /** Name of a VALUE of an attribute. */
  valueName(attributeName: string, value: number): string | undefined {
    return this.namesByValue.get(attributeName.toLowerCase())?.get(value)
  }

  /** Vendor by name (case-insensitive). */
  vendor(name: string): VendorDef | undefined {
    return this.vendorsByName.get(name.toLowerCase())
  }

  /** Vendor by Vendor-Id (RFC 2865 §5.26: the SMI Network Management Private Enterprise Code). */
  vendorById(id: number): VendorDef | undefined {
    return this.vendorsById.get(id)
  }

  /** Every attribute, in definition order of the last definition of each name. */
  attributes(): IterableIterator<AttributeDef> {
    return this.byName.values()
  }
}
