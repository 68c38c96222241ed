// A small RFC 4180 reader: fields separated by ',', records by CRLF or LF (RFC 4180 §2.1-2.2
// say CRLF; LF-only files are common and accepted), fields optionally in double quotes, a quote
// inside a quoted field doubled (§2.7), line breaks and commas allowed inside quotes (§2.6).
// Hand-written rather than a package: ~60 lines, all-or-nothing errors with line numbers, and
// no dependency added to a package.json other engineers are editing at the same time.

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number
  fields: string[]
}

export type CsvParse = { ok: true; records: CsvRecord[] } | { ok: false; line: number; problem: string }

/** Every record of the text, or the first syntax error (an unterminated or stray quote). */
export function readCsv(text: string): CsvParse {
  const records: CsvRecord[] = []
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text // UTF-8 BOM from spreadsheet exports
  let line = 1
  let i = 0
  const n = s.length
  while (i < n) {
    const start = line
    const fields: string[] = []
    for (;;) {
      let field = ''
      if (s[i] === '"') {
        i++
        for (;;) {
          const q = s.indexOf('"', i)
          if (q < 0) return { ok: false, line: start, problem: 'a quoted field is not closed' }
          const chunk = s.slice(i, q)
          for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) line++
          field += chunk
          if (s[q + 1] === '"') {
            field += '"'
            i = q + 2
            continue
          }
          i = q + 1
          break
        }
        if (i < n && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r') return { ok: false, line, problem: 'text after a closing quote' }
      } else {
        let j = i
        while (j < n) {
          const c = s.charCodeAt(j)
          if (c === 44 || c === 10 || c === 13) break
          if (c === 34) return { ok: false, line, problem: 'a quote inside an unquoted field (quote the whole field and double the quote)' }
          j++
        }
        field = s.slice(i, j)
        i = j
      }
      fields.push(field)
      if (s[i] === ',') {
        i++
        continue
      }
      break
    }
    if (s[i] === '\r') i++
    if (s[i] === '\n') {
      i++
      line++
    }
    // A blank line (one empty field) is not a record.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields })
  }
  return { ok: true, records }
}
