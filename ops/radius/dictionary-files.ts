// Loads the RADIUS dictionaries kept in the repo (proto/radius/dictionaries/, FreeRADIUS 3.2
// format): the only place that reads them from disk, so proto/radius stays free of I/O.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Dictionary } from '../../proto/radius/index.js'

let cached: Dictionary | undefined

/** The directory holding package.json, walking up from this module (works from src and dist/). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir
    const up = dirname(dir)
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`)
    dir = up
  }
}

/** Directory of the dictionary data files. */
export function dictionaryDirectory(): string {
  return join(repoRoot(), 'proto', 'radius', 'dictionaries')
}

/** The parsed root dictionary, read once and cached for the process. */
export function loadDictionary(): Dictionary {
  if (cached === undefined) {
    const dir = dictionaryDirectory()
    cached = Dictionary.parse('dictionary', (name) => readFileSync(join(dir, name), 'utf8'))
  }
  return cached
}
