// Reading an untyped document against the schema: typed accessors that record a ConfigError
// (file, path, rule, line) instead of throwing, so one pass reports every problem. Messages name
// keys and types, never values, unless the caller passes a value it knows to be harmless.
import { formatConfigPath, type ConfigError, type ConfigPath, type ConfigRuleId } from './config-error.js'

/** Finds the 1-based line of a document path, when the source is known. */
export type LineOf = (path: ConfigPath) => number | undefined

export type Mapping = Record<string, unknown>

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'a mapping'
  return `a ${typeof v}`
}

/** Edit distance, for "did you mean" hints on unknown keys. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1))
      prev = cur
    }
  }
  return row[b.length]!
}

export class SchemaReader {
  readonly errors: ConfigError[] = []

  constructor(
    readonly file: string,
    private readonly lineOf: LineOf | undefined,
  ) {}

  error(path: ConfigPath, rule: ConfigRuleId, message: string): void {
    const line = this.lineOf?.(path)
    this.errors.push({ file: this.file, path: formatConfigPath(path), rule, message, ...(line === undefined ? {} : { line }) })
  }

  /** A mapping with only `allowed` keys and all `required` ones; undefined when not a mapping. */
  mapping(v: unknown, path: ConfigPath, allowed: readonly string[], required: readonly string[] = []): Mapping | undefined {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      this.error(path, 'type', `expected a mapping, got ${describe(v)}`)
      return undefined
    }
    const m = v as Mapping
    for (const key of Object.keys(m)) {
      if (allowed.includes(key)) continue
      const near = allowed.find((k) => distance(key, k) <= 2)
      this.error([...path, key], 'unknown-key', `unknown key "${key}"${near === undefined ? '' : ` (did you mean "${near}"?)`}`)
    }
    for (const key of required) {
      if (m[key] === undefined || m[key] === null) this.error(path, 'required', `missing required key "${key}"`)
    }
    return m
  }

  /** A string; numbers are refused (quote them in YAML) unless `numbers` allows integers. */
  string(v: unknown, path: ConfigPath, opts: { nonEmpty?: boolean; integers?: boolean } = {}): string | undefined {
    if (v === undefined || v === null) return undefined
    let s: string
    if (typeof v === 'string') s = v
    else if (opts.integers === true && typeof v === 'number' && Number.isInteger(v)) s = String(v)
    else {
      this.error(path, 'type', `expected a string, got ${describe(v)}${typeof v === 'number' ? ' (quote it)' : ''}`)
      return undefined
    }
    if (opts.nonEmpty === true && s.trim() === '') {
      this.error(path, 'non-empty', 'must not be empty')
      return undefined
    }
    return s
  }

  boolean(v: unknown, path: ConfigPath): boolean | undefined {
    if (v === undefined || v === null) return undefined
    if (typeof v === 'boolean') return v
    this.error(path, 'type', `expected true or false, got ${describe(v)}`)
    return undefined
  }

  /** A list (absent: empty). */
  list(v: unknown, path: ConfigPath): unknown[] {
    if (v === undefined || v === null) return []
    if (Array.isArray(v)) return v
    this.error(path, 'type', `expected a list, got ${describe(v)}`)
    return []
  }

  /** A list of strings; bad items are reported and left out. */
  strings(v: unknown, path: ConfigPath): string[] {
    const out: string[] = []
    this.list(v, path).forEach((item, i) => {
      const s = this.string(item, [...path, i], { nonEmpty: true })
      if (s !== undefined) out.push(s)
    })
    return out
  }
}
