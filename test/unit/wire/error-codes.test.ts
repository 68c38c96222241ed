// Every stable NAC_ERR_* code raised in the source is documented in the README (STYLE.md: stable
// error codes with a test that each is documented, as undici and fastify do).
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../..', import.meta.url))

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return sources(p)
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : []
  })
}

describe('error codes', () => {
  const codes = new Set(['proto', 'gateway', 'actors', 'workers', 'ops'].flatMap((d) => sources(join(root, d)))
    .flatMap((f) => readFileSync(f, 'utf8').match(/NAC_ERR_[A-Z_]+/g) ?? []))
  const readme = readFileSync(join(root, 'README.md'), 'utf8')

  it('finds the codes', () => expect(codes.size).toBeGreaterThanOrEqual(8))
  it.each([...codes])('%s is documented in README.md', (code) => expect(readme).toContain(`\`${code}\``))
})
