// Secrets never reach a log (DESIGN.md): the logger redacts them wherever they sit in a record.
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../../ops/telemetry/logger.js'

describe('logger redaction', () => {
  it.each([
    ['a top-level secret', { secret: 'S3CRET-top' }],
    ['a nested secret', { client: { secret: 'S3CRET-nested' } }],
    ['RADIUS client secrets of an org document', { radiusClients: [{ name: 'a', secret: 'S3CRET-a' }, { name: 'b', secret: 'S3CRET-b' }] }],
    ['a private key', { keyPem: '-----BEGIN PRIVATE KEY-----S3CRET' }],
    ['a password', { user: { password: 'S3CRET-pw' } }],
    ['an MSK', { session: { msk: 'S3CRET-msk' } }],
  ])('%s', (_t, record) => {
    const lines: string[] = []
    const log = createLogger('test', 'info', { write: (l: string) => { lines.push(l) } })
    log.info(record, 'something happened')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('[redacted]')
    expect(lines[0]).not.toContain('S3CRET')
  })
})
