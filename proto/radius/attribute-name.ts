// Names of attributes the dictionary does not know, in FreeRADIUS's spelling: "Attr-<oid>",
// with the Vendor-Id after 26 ("Attr-26.9.250", "Attr-241.26.11344.1"), so raw attributes can
// be printed and encoded again.

/** Synthetic name for vendor + OID path (AttributeDef.code convention). */
export function syntheticName(vendor: number, code: readonly number[]): string {
  if (vendor === 0) return `Attr-${code.join('.')}`
  if (code[0] === 26) return `Attr-26.${vendor}.${code.slice(1).join('.')}`
  return `Attr-${code[0]}.26.${vendor}.${code.slice(2).join('.')}`
}

/** Inverse of syntheticName; undefined when `name` is not of that form. */
export function parseSyntheticName(name: string): { vendor: number; code: number[] } | undefined {
  const m = /^Attr-(\d+(?:\.\d+)*)$/i.exec(name)
  if (m === null) return undefined
  const parts = (m[1] as string).split('.').map(Number)
  if (parts.some((n) => n > 0xffffffff)) return undefined
  const [first, second] = parts
  if (first === 26 && parts.length >= 3) return { vendor: parts[1] as number, code: [26, ...parts.slice(2)] }
  if (first !== undefined && first >= 241 && first <= 246 && second === 26 && parts.length >= 4) {
    return { vendor: parts[2] as number, code: [first, 26, ...parts.slice(3)] }
  }
  return { vendor: 0, code: parts }
}
