// The org YAML `pki` section (requirements §3): trusted CAs and the EAP server certificate read
// from PEM files relative to the YAML file; each broken rule is an error with its path.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseOrgConfig } from '../../../ops/config/index.js'
import { opensslCa, opensslLeaf, SERVER_EXT, type PemPair } from '../../support/openssl-pki.js'

const base = 'org: acme\nsites: [{ id: hq }]\n'

describe('org YAML pki section', () => {
  let dir: string
  let ca: PemPair

  let other: PemPair
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nac-pki-yaml-'))
    ca = opensslCa(dir, 'client-ca', '/O=acme/CN=acme client CA')
    opensslLeaf(dir, ca, 'server', '/O=acme/CN=auth.acme.example', SERVER_EXT)
    other = opensslLeaf(dir, ca, 'other', '/O=acme/CN=other', SERVER_EXT)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads trusted CAs and the server chain and key', () => {
    const r = parseOrgConfig(`${base}pki:\n  trustedCas: [client-ca.pem]\n  serverCertificate: { chain: server.pem, key: server-key.pem }\n`, join(dir, 'acme.yaml'))
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.org.pki?.trustedCas[0]).toContain('BEGIN CERTIFICATE')
    expect(r.org.pki?.server?.keyPem).toContain('PRIVATE KEY')
  })

  it('refuses a key of another certificate, a leaf as trusted CA, and a missing file', () => {
    const r = parseOrgConfig(`${base}pki:\n  trustedCas: [server.pem, nope.pem]\n  serverCertificate: { chain: server.pem, key: ${other.key.split('/').pop()} }\n`, join(dir, 'acme.yaml'))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.map((e) => [e.path, e.rule])).toEqual([
      ['pki.trustedCas[0]', 'pki'], ['pki.trustedCas[1]', 'pki'], ['pki.serverCertificate.key', 'pki'],
    ])
    expect(r.errors.some((e) => e.message.includes('PRIVATE'))).toBe(false)
  })
})
