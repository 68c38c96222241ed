// Loading org config from YAML files (one org per file, or a directory of them): parse with line
// positions, validate (validate-org-config.ts), read the optional device CA PEM named relative to
// the file. Errors carry the file, the path, the rule and the line.
import { X509Certificate } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { LineCounter, isMap, isNode, isPair, isScalar, isSeq, parseDocument, type Node, type YAMLError } from 'yaml'
import type { EndpointConfig, OrgConfig } from '../../proto/wire/org-config.js'
import type { ConfigError, ConfigPath } from './config-error.js'
import type { LineOf } from './schema-reader.js'
import { validateOrgConfig } from './validate-org-config.js'
import { validatePki } from './validate-pki.js'
import { validatePsks } from './validate-psks.js'
import { validateLocalUsers } from './validate-local-users.js'

export interface LoadedOrg {
  org: OrgConfig
  endpoints: EndpointConfig[]
}

export type LoadOrgConfigResult = ({ ok: true } & LoadedOrg) | { ok: false; errors: ConfigError[] }
export type LoadOrgConfigDirResult = { ok: true; orgs: LoadedOrg[] } | { ok: false; errors: ConfigError[] }

// YAML syntax errors are described from their code only: the parser's own messages can quote
// source text, and that text may be a secret.
const YAML_PROBLEM: Partial<Record<YAMLError['code'], string>> = {
  DUPLICATE_KEY: 'duplicate key in a mapping',
  BAD_INDENT: 'bad indentation',
  TAB_AS_INDENT: 'a tab used as indentation',
  MULTIPLE_DOCS: 'more than one YAML document (one org per file)',
  MISSING_CHAR: 'a missing character (an unclosed quote or bracket?)',
  UNEXPECTED_TOKEN: 'unexpected text',
  BLOCK_AS_IMPLICIT_KEY: 'a block used as an implicit key (a missing ":"?)',
  MULTILINE_IMPLICIT_KEY: 'an implicit key spanning lines (a missing ":"?)',
  BAD_DQ_ESCAPE: 'an invalid escape in a double-quoted string',
}

/** 1-based line of the node at a path: the key's line for a mapping entry. */
function lineFinder(contents: Node | null, counter: LineCounter): LineOf {
  return (path: ConfigPath) => {
    let node: unknown = contents
    let offset: number | undefined = (contents as Node | null)?.range?.[0]
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === seg)
        if (pair === undefined) break
        offset = isNode(pair.key) ? pair.key.range?.[0] : offset
        node = pair.value
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg]
        if (!isNode(item)) break
        offset = item.range?.[0]
        node = item
      } else break
    }
    return offset === undefined ? undefined : counter.linePos(offset).line
  }
}

function readDeviceCa(file: string, relPath: string, lineOf: LineOf): { pem: string } | { error: ConfigError } {
  const line = lineOf(['deviceCa'])
  const fail = (message: string): { error: ConfigError } => ({
    error: { file, path: 'deviceCa', rule: 'device-ca', message, ...(line === undefined ? {} : { line }) },
  })
  const path = resolve(dirname(file), relPath)
  let pem: string
  try {
    pem = readFileSync(path, 'utf8')
  } catch {
    return fail(`cannot read "${relPath}"`)
  }
  try {
    if (!new X509Certificate(pem).ca) return fail(`"${relPath}" is not a CA certificate`)
  } catch {
    return fail(`"${relPath}" is not a PEM certificate`)
  }
  return { pem }
}

/** Parse and validate YAML text as the org config of `file` (the name used in errors). */
export function parseOrgConfig(text: string, file: string): LoadOrgConfigResult {
  const counter = new LineCounter()
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true })
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const line = counter.linePos(e.pos[0]).line
        return { file, path: '', rule: 'yaml-syntax', message: YAML_PROBLEM[e.code] ?? `YAML error ${e.code}`, line }
      }),
    }
  }
  let js: unknown
  try {
    js = doc.toJS({ maxAliasCount: 100 })
  } catch {
    return { ok: false, errors: [{ file, path: '', rule: 'yaml-syntax', message: 'aliases expand too far' }] }
  }
  const lineOf = lineFinder(doc.contents, counter)
  const result = validateOrgConfig(js, file, lineOf)
  if (!result.ok) return result
  const { org, endpoints, deviceCaFile } = result
  if (deviceCaFile !== undefined) {
    const ca = readDeviceCa(file, deviceCaFile, lineOf)
    if ('error' in ca) return { ok: false, errors: [ca.error] }
    org.deviceCa = ca.pem
  }
  const pki = validatePki(js, file, lineOf)
  if (!pki.ok) return { ok: false, errors: pki.errors }
  if (pki.pki !== undefined) org.pki = pki.pki
  const psks = validatePsks(js, file, lineOf)
  if (!psks.ok) return { ok: false, errors: psks.errors }
  if (psks.psks !== undefined) org.psks = psks.psks
  const users = validateLocalUsers(js, file, lineOf)
  if (!users.ok) return { ok: false, errors: users.errors }
  if (users.localUsers !== undefined) org.localUsers = users.localUsers
  return { ok: true, org, endpoints }
}

/** Load one org's YAML file. deviceCa is '' unless the file names one. */
export function loadOrgConfigFile(path: string): LoadOrgConfigResult {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error'
    return { ok: false, errors: [{ file: path, path: '', rule: 'file-read', message: `cannot read the file (${code})` }] }
  }
  return parseOrgConfig(text, path)
}

/** Load every *.yaml / *.yml file of a directory (sorted by name), one org each. */
export function loadOrgConfigDir(dir: string): LoadOrgConfigDirResult {
  let names: string[]
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error'
    return { ok: false, errors: [{ file: dir, path: '', rule: 'file-read', message: `cannot read the directory (${code})` }] }
  }
  const errors: ConfigError[] = []
  const orgs: LoadedOrg[] = []
  const byOrg = new Map<string, string>()
  for (const name of names) {
    const file = join(dir, name)
    const r = loadOrgConfigFile(file)
    if (!r.ok) {
      errors.push(...r.errors)
      continue
    }
    const first = byOrg.get(r.org.org)
    if (first !== undefined) errors.push({ file, path: 'org', rule: 'org-unique', message: `org "${r.org.org}" is already defined by ${first}` })
    else byOrg.set(r.org.org, file)
    orgs.push({ org: r.org, endpoints: r.endpoints })
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, orgs }
}
