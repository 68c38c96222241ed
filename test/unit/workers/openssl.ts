// The independent checker for certificate tests: the real openssl binary.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface OpensslResult {
  status: number | null
  stdout: string
  stderr: string
}

/** Run openssl with named PEM files written to a temp dir; args reference them by name. */
export function openssl(files: Record<string, string>, args: (dir: string) => string[]): OpensslResult {
  const dir = mkdtempSync(join(tmpdir(), 'nac-openssl-'))
  try {
    for (const [name, pem] of Object.entries(files)) writeFileSync(join(dir, name), pem)
    const r = spawnSync('openssl', args(dir), { encoding: 'utf8' })
    if (r.error) throw r.error
    return { status: r.status, stdout: r.stdout, stderr: r.stderr }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** `openssl verify -CAfile ca leaf` (with an optional purpose check). */
export function opensslVerify(caPem: string, leafPem: string, purpose?: 'sslserver' | 'sslclient'): OpensslResult {
  return openssl({ 'ca.pem': caPem, 'leaf.pem': leafPem }, (d) => [
    'verify', '-CAfile', join(d, 'ca.pem'), ...(purpose ? ['-purpose', purpose] : []), join(d, 'leaf.pem'),
  ])
}

/** `openssl x509 -text -noout` of a certificate. */
export function opensslText(pem: string): string {
  const r = openssl({ 'c.pem': pem }, (d) => ['x509', '-in', join(d, 'c.pem'), '-noout', '-text'])
  if (r.status !== 0) throw new Error(`openssl x509 failed: ${r.stderr}`)
  return r.stdout
}
