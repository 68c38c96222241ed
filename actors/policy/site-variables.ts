// Site variables in label values (requirements §2.9): "You can use site variables in
// authentication policy to assign the VLANs specific to the sites." (L4579). A value is `{{name}}`
// or text containing it; each site defines name -> value, where the value is a scalar "100", a
// list "200,222" or a range "20-30" (L4596-L4598). Resolved at evaluation with the request's site.
// Decided for §2.9 [G] "Unresolvable variable": the attribute is not sent and the authorization
// carries a problem; the client actor rejects (fail closed) and emits the event.

const VARIABLE = /\{\{([A-Za-z0-9_]{1,64})\}\}/g

/** The variable names a value refers to. */
export function variablesIn(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((m) => m[1] as string)
}

export type Resolved = { ok: true; value: string } | { ok: false; missing: string }

/** Replace every `{{name}}` with the site's value. */
export function resolveVariables(text: string, vars: Readonly<Record<string, string>> | undefined): Resolved {
  if (!text.includes('{{')) return { ok: true, value: text }
  let missing: string | undefined
  const value = text.replace(VARIABLE, (_m, name: string) => {
    const v = vars === undefined || !Object.hasOwn(vars, name) ? undefined : vars[name]
    if (v === undefined) {
      missing ??= name
      return ''
    }
    return v
  })
  return missing === undefined ? { ok: true, value } : { ok: false, missing }
}

const RANGE = /^\s*(\d{1,4})\s*-\s*(\d{1,4})\s*$/

/**
 * The members of a resolved value: a list "200,222" gives both, a range "20-30" gives 20..30,
 * a scalar gives itself. A range is only recognised between two numbers, so VLAN names with '-'
 * ("employee-vlan") stay scalars.
 */
export function members(value: string): string[] {
  const out: string[] = []
  for (const part of value.split(',')) {
    const m = RANGE.exec(part)
    if (m !== null) {
      const lo = Number(m[1])
      const hi = Number(m[2])
      if (lo <= hi && hi - lo < 4096) {
        for (let v = lo; v <= hi; v++) out.push(String(v))
        continue
      }
    }
    const t = part.trim()
    if (t !== '') out.push(t)
  }
  return out
}

/**
 * One member for a client: a VLAN label resolving to a list or range is a VLAN pool, and the
 * member is chosen by a stable hash of the client's MAC (FNV-1a), so one device keeps its VLAN
 * across sessions and nodes; without a MAC, the first member.
 */
export function pickMember(list: readonly string[], mac: string | undefined): string | undefined {
  if (list.length <= 1 || mac === undefined) return list[0]
  let h = 0x811c9dc5
  for (let i = 0; i < mac.length; i++) h = Math.imul(h ^ mac.charCodeAt(i), 0x01000193) >>> 0
  return list[h % list.length]
}
