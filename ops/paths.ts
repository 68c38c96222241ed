// Where the project lives on disk, from source (ops/*.ts under tsx/vitest) or from dist/ops/*.js.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

let cached: string | undefined

/** The directory holding the project's package.json. */
export function projectRoot(): string {
  if (cached !== undefined) return cached
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir)
    if (up === dir) throw new Error('project root (package.json) not found above ' + fileURLToPath(import.meta.url))
    dir = up
  }
  cached = dir
  return dir
}

/** The git-ignored data directory of the embedded default. */
export function defaultDataDir(): string {
  return process.env['NAC_DATA_DIR'] ?? join(projectRoot(), '.data')
}
