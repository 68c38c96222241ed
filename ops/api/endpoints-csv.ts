// CSV import of endpoints, behind an interface: the documented parser of issue 5 scope 4 is being
// written in ops/config/endpoints-csv.ts by another engineer; until it lands, this minimal one
// serves the route. Columns (header row required, any order): mac (required), name, role, vlan,
// labels (separated by ";" or "|"), description. RFC 4180 quoting ("a,b", "" for a quote).
// Every row is validated by the YAML endpoint rules; one error per bad line, nothing stored when
// any line is bad.
import type { EndpointConfig } from '../../proto/wire/org-config.js'
import { validateOrgConfig } from '../config/index.js'
import type { ApiErrorDetail } from './api-errors.js'

export type EndpointsCsvResult = { ok: true; endpoints: EndpointConfig[] } | { ok: false; errors: ApiErrorDetail[] }

/** What the import route needs of a CSV parser. */
export interface EndpointsCsvParser {
  parse(text: string, org: string): EndpointsCsvResult
}

const COLUMNS = ['mac', 'name', 'role', 'vlan', 'labels', 'description'] as const

/** One CSV record per line (no line breaks inside quotes). */
function fields(line: string): string[] | undefined {
  const out: string[] = []
  let i = 0
  for (;;) {
    if (line[i] === '"') {
      let v = ''
      i++
      for (;;) {
        const q = line.indexOf('"', i)
        if (q < 0) return undefined
        v += line.slice(i, q)
        if (line[q + 1] === '"') { v += '"'; i = q + 2; continue }
        i = q + 1
        break
      }
      out.push(v)
    } else {
      const c = line.indexOf(',', i)
      out.push((c < 0 ? line.slice(i) : line.slice(i, c)).trim())
      i = c < 0 ? line.length : c
    }
    if (i >= line.length) return out
    if (line[i] !== ',') return undefined
    i++
  }
}

export const minimalEndpointsCsv: EndpointsCsvParser = {
  parse(text, org) {
    const lines = text.split(/\r?\n/)
    const header = fields(lines[0] ?? '')?.map((h) => h.trim().toLowerCase())
    if (header === undefined || !header.includes('mac')) return { ok: false, errors: [{ line: 1, path: '', rule: 'required', message: 'the header row must name a "mac" column' }] }
    const unknown = header.find((h) => !(COLUMNS as readonly string[]).includes(h))
    if (unknown !== undefined) return { ok: false, errors: [{ line: 1, path: unknown, rule: 'unknown-key', message: `unknown column "${unknown}" (columns: ${COLUMNS.join(', ')})` }] }
    const rows: Record<string, unknown>[] = []
    const lineOfRow: number[] = []
    const errors: ApiErrorDetail[] = []
    lines.slice(1).forEach((line, i) => {
      if (line.trim() === '') return
      const f = fields(line)
      if (f === undefined || f.length !== header.length) {
        errors.push({ line: i + 2, path: '', rule: 'type', message: `expected ${header.length} fields` })
        return
      }
      const row: Record<string, unknown> = {}
      header.forEach((h, j) => {
        const v = f[j] ?? ''
        if (v === '') return
        row[h] = h === 'labels' ? v.split(/[;|]/).map((s) => s.trim()).filter((s) => s !== '') : v
      })
      rows.push(row)
      lineOfRow.push(i + 2)
    })
    const r = validateOrgConfig({ org, endpoints: rows }, 'csv')
    if (!r.ok) {
      for (const e of r.errors) {
        const m = /^endpoints\[(\d+)\]\.?(.*)$/.exec(e.path)
        const line = m === null ? undefined : lineOfRow[Number(m[1])]
        errors.push({ ...(line === undefined ? {} : { line }), path: m?.[2] ?? e.path, rule: e.rule, message: e.message })
      }
    }
    if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) }
    return r.ok ? { ok: true, endpoints: r.endpoints } : { ok: false, errors }
  },
}
