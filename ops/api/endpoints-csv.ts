// CSV import of endpoints for the API, behind an interface: the documented parser of
// ops/config/endpoints-csv.ts (requirements §4.4: columns mac, name, role, vlan, labels,
// description; one error per bad line; all or nothing) with its errors in the API's shape.
import type { EndpointConfig } from '../../proto/wire/org-config.js'
import { parseEndpointsCsv } from '../config/endpoints-csv.js'
import type { ApiErrorDetail } from './api-errors.js'

export type EndpointsCsvResult = { ok: true; endpoints: EndpointConfig[] } | { ok: false; errors: ApiErrorDetail[] }

/** What the import route needs of a CSV parser. */
export interface EndpointsCsvParser {
  parse(text: string, org: string): EndpointsCsvResult
}

export const documentedEndpointsCsv: EndpointsCsvParser = {
  parse(text) {
    const r = parseEndpointsCsv(text)
    if (r.ok) return r
    return {
      ok: false,
      errors: r.errors.map((e) => ({ path: e.column === undefined ? `line ${e.line}` : `line ${e.line}: ${e.column}`, rule: e.rule, message: e.message, line: e.line })),
    }
  },
}
