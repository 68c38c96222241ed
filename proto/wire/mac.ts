// MAC address spellings (requirements §4.3): accept ':', '-', '.' or no separator, any case;
// canonical form is 12 lower-case hex digits. A trailing '*' makes a prefix pattern.

const HEX12 = /^[0-9a-f]{12}$/

/** Canonical 12-hex MAC, or undefined when text is not a MAC in a usual spelling. */
export function canonicalMac(text: string): string | undefined {
  const t = text.trim().toLowerCase()
  let hex: string
  if (t.length === 12) hex = t
  else if (t.length === 17 && /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/.test(t)) hex = t.replace(/[:-]/g, '')
  else if (t.length === 14 && /^([0-9a-f]{4}\.){2}[0-9a-f]{4}$/.test(t)) hex = t.replace(/\./g, '')
  else if (t.length === 13 && /^[0-9a-f]{6}-[0-9a-f]{6}$/.test(t)) hex = t.replace('-', '')
  else return undefined
  return HEX12.test(hex) ? hex : undefined
}

/**
 * A client-list entry: a full MAC, or a hex prefix ending in '*' ("11-22-AA*", "0ea5*").
 * Returns the canonical pattern (hex, plus '*' for a prefix) or undefined when malformed.
 */
export function canonicalMacPattern(text: string): string | undefined {
  const t = text.trim().toLowerCase()
  if (!t.endsWith('*')) return canonicalMac(t)
  const hex = t.slice(0, -1).replace(/[:.-]/g, '')
  if (hex.length === 0 || hex.length > 12 || !/^[0-9a-f]+$/.test(hex)) return undefined
  return `${hex}*`
}

/** Does a canonical MAC match a canonical pattern? */
export function macMatches(mac: string, pattern: string): boolean {
  return pattern.endsWith('*') ? mac.startsWith(pattern.slice(0, -1)) : mac === pattern
}
