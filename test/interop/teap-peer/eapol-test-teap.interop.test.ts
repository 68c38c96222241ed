// The TEAP-capable eapol_test the TEAP interop tests use: built from Debian's wpa source package
// with CONFIG_EAP_TEAP=y (Debian 12's eapoltest has no TEAP peer), and a failed build is an error.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { eapolTestTeapPath, runBuildScript } from '../../support/teap-peer/eapol-test-teap.js'

// A debug message of wpa 2.10's TEAP peer (src/eap_peer/eap_teap.c), compiled in only with
// CONFIG_EAP_TEAP: Debian's /usr/bin/eapol_test does not contain it.
const TEAP_PEER_MARK = 'EAP-TEAP: Identity-Type'

describe('eapol_test with TEAP', () => {
  it('is built once per process and has the TEAP peer', async () => {
    const first = eapolTestTeapPath()
    expect(eapolTestTeapPath()).toBe(first)
    const bin = await first
    expect(isAbsolute(bin)).toBe(true)
    expect(execFileSync(bin, ['-v'], { encoding: 'utf8' })).toMatch(/^eapol_test v2\.10/)
    expect(readFileSync(bin).includes(TEAP_PEER_MARK)).toBe(true)
  }, 600_000)

  it('a failed build rejects with the script stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nac-teap-build-'))
    try {
      const script = join(dir, 'fails.sh')
      writeFileSync(script, 'echo "libssl-dev: not installable" >&2\nexit 3\n')
      await expect(runBuildScript(script)).rejects.toThrow(/exited 3:\nlibssl-dev: not installable/)
      const silent = join(dir, 'no-path.sh')
      writeFileSync(silent, 'echo "built nothing" >&2\n')
      await expect(runBuildScript(silent)).rejects.toThrow(/without printing a path:\nbuilt nothing/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
