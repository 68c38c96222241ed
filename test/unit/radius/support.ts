// Shared helpers for the RADIUS unit tests: hex parsing, vector files, the repo dictionary.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex')

const vectorsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'vectors', 'radius')

export function vectorFile<T>(name: string): T {
  return JSON.parse(readFileSync(join(vectorsDir, name), 'utf8')) as T
}
