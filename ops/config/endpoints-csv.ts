// Endpoint import from CSV (requirements §4.4: "Import Endpoints" ... "Download Sample CSV"
// (L6987-L6992); [G] columns not listed, [I] `mac,name,role,vlan,labels,description` with labels
// separated by ';'). All or nothing: either every row is valid and the endpoints are returned, or
// every bad line is reported (line, column, rule) and nothing is applied. MACs in any usual
// spelling are stored canonical (§4.3); a MAC twice in the file is an error.
import { canonicalMac } from '../../proto/wire/mac.js'
import type { EndpointConfig } from '../../proto/wire/org-config.js'
import { readCsv } from './csv-records.js'
import { vlanProblem } from './vlan.js'

/** The documented columns, in the sample's order. Only `mac` is required. */
export const ENDPOINT_CSV_COLUMNS = ['mac', 'name', 'role', 'vlan', 'labels', 'description'] as const
export type EndpointCsvColumn = (typeof ENDPOINT_CSV_COLUMNS)[number]

/** The sample file offered by "Download Sample CSV". */
export const ENDPOINTS_CSV_SAMPLE = [
  'mac,name,role,vlan,labels,description',
  '02:00:00:00:00:01,demo-sensor,demo-iot,100,iot;floor2,"Sensor, lobby"',
  '11-22-AA-33-BB-44,printer-3,,employee-vlan,printer,',
  '',
].join('\r\n')

/** What each CSV error rule checks. */
export const CsvRule = {
  syntax: 'the file is RFC 4180 CSV (quotes closed, no stray quotes)',
  header: 'the first line names the columns: mac (required), name, role, vlan, labels, description; each once',
  'field-count': 'every line has as many fields as the header',
  mac: 'mac is a MAC address in a usual spelling (requirements §4.3)',
  vlan: 'vlan is 1-4094, a VLAN name or a site variable (requirements §4.1, §8)',
  labels: 'labels are separated by ";" and none is empty',
  duplicate: 'a MAC appears on one line only',
  empty: 'the file has at least one endpoint line',
} as const
export type CsvRuleId = keyof typeof CsvRule

export interface CsvError {
  /** 1-based line of the file (the line a record starts on). */
  line: number
  /** The column concerned, when there is one. */
  column: string | undefined
  rule: CsvRuleId
  message: string
}

export type EndpointsCsvResult = { ok: true; endpoints: EndpointConfig[] } | { ok: false; errors: CsvError[] }

const optional = (s: string | undefined): string | undefined => {
  const t = s?.trim()
  return t === undefined || t === '' ? undefined : t
}

/** Parse and validate an endpoints CSV file. */
export function parseEndpointsCsv(text: string): EndpointsCsvResult {
  const parsed = readCsv(text)
  if (!parsed.ok) return { ok: false, errors: [{ line: parsed.line, column: undefined, rule: 'syntax', message: parsed.problem }] }
  const [head, ...rows] = parsed.records
  if (head === undefined) return { ok: false, errors: [{ line: 1, column: undefined, rule: 'empty', message: 'the file is empty' }] }
  const errors: CsvError[] = []
  const index = new Map<string, number>()
  head.fields.forEach((f, i) => {
    const name = f.trim().toLowerCase()
    if (!(ENDPOINT_CSV_COLUMNS as readonly string[]).includes(name)) {
      errors.push({ line: head.line, column: f, rule: 'header', message: `unknown column "${f}" (expected ${ENDPOINT_CSV_COLUMNS.join(',')})` })
    } else if (index.has(name)) {
      errors.push({ line: head.line, column: name, rule: 'header', message: `column "${name}" appears twice` })
    } else index.set(name, i)
  })
  if (!index.has('mac')) errors.push({ line: head.line, column: 'mac', rule: 'header', message: 'the header has no "mac" column' })
  if (errors.length > 0) return { ok: false, errors }
  if (rows.length === 0) return { ok: false, errors: [{ line: head.line, column: undefined, rule: 'empty', message: 'no endpoint lines after the header' }] }

  const col = (fields: string[], c: EndpointCsvColumn): string | undefined => {
    const i = index.get(c)
    return i === undefined ? undefined : fields[i]
  }
  const seen = new Map<string, number>()
  const endpoints: EndpointConfig[] = []
  for (const { line, fields } of rows) {
    const err = (column: string | undefined, rule: CsvRuleId, message: string): void => {
      errors.push({ line, column, rule, message })
    }
    if (fields.length !== head.fields.length) {
      err(undefined, 'field-count', `${fields.length} fields, the header has ${head.fields.length}`)
      continue
    }
    const macText = col(fields, 'mac')?.trim() ?? ''
    const mac = canonicalMac(macText)
    if (mac === undefined) err('mac', 'mac', macText === '' ? 'the MAC is missing' : `"${macText}" is not a MAC address`)
    const vlan = optional(col(fields, 'vlan'))
    const problem = vlan === undefined ? undefined : vlanProblem(vlan)
    if (problem !== undefined) err('vlan', 'vlan', `VLAN "${vlan}": ${problem}`)
    const labelText = optional(col(fields, 'labels'))
    const labels = labelText === undefined ? [] : labelText.split(';').map((l) => l.trim())
    if (labels.some((l) => l === '')) err('labels', 'labels', `"${labelText}" has an empty label`)
    if (mac !== undefined) {
      const first = seen.get(mac)
      if (first !== undefined) err('mac', 'duplicate', `MAC ${mac} is also on line ${first}`)
      else seen.set(mac, line)
    }
    if (errors.length > 0 || mac === undefined) continue // nothing is applied anyway: stop building
    endpoints.push({
      mac,
      name: optional(col(fields, 'name')),
      role: optional(col(fields, 'role')),
      vlan,
      labels,
      description: optional(col(fields, 'description')),
    })
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, endpoints }
}
