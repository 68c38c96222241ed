// Value matching for label values that allow a `*` wildcard: certificate attributes and user
// names (requirements §2.5: "Use case-insensitive exact match plus `*` wildcard"). `*` matches
// any run of characters, including none; every other character is literal.

/** A compiled matcher for one pattern, case-insensitive. */
export function wildcardMatcher(pattern: string): (value: string) => boolean {
  const p = pattern.toLowerCase()
  if (!p.includes('*')) return (v) => v.toLowerCase() === p
  const parts = p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
  const re = new RegExp(`^${parts.join('.*')}$`, 's')
  return (v) => re.test(v.toLowerCase())
}

/** True when any value matches any of the patterns. */
export function anyMatches(matchers: ReadonlyArray<(v: string) => boolean>, values: readonly string[]): boolean {
  for (const v of values) for (const m of matchers) if (m(v)) return true
  return false
}
