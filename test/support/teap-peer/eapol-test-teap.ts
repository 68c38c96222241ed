// eapol_test with EAP-TEAP (RFC 7170), built from Debian's wpa source package by
// build-eapol-test-teap.sh: Debian 12's eapoltest is built without CONFIG_EAP_TEAP. A failed
// build fails the test that asked for it, never skips it (STYLE.md: a missing peer is a failure).
import { spawn } from 'node:child_process'
import { isAbsolute } from 'node:path'
import { fileURLToPath } from 'node:url'

const BUILD_SCRIPT = fileURLToPath(new URL('./build-eapol-test-teap.sh', import.meta.url))

let memo: Promise<string> | undefined

/**
 * The path of the TEAP-capable eapol_test, built on first use (about a minute on 2 cores; a
 * no-op when ops/bin/setup-and-test.sh or an earlier run built it). Runs the build script once
 * per process; rejects with the script's stderr when the build fails.
 */
export function eapolTestTeapPath(): Promise<string> {
  memo ??= runBuildScript(BUILD_SCRIPT)
  return memo
}

/** Runs a build script that prints the binary's absolute path as its first stdout line. */
export function runBuildScript(script: string, args: readonly string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn('bash', [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    p.once('error', (err) => reject(new Error(`${script} did not start`, { cause: err })))
    p.once('close', (code, signal) => {
      const path = stdout.split('\n')[0]?.trim() ?? ''
      if (code === 0 && isAbsolute(path)) { resolve(path); return }
      const how = signal === null ? `exited ${code}` : `was killed by ${signal}`
      reject(new Error(`${script} ${how}${code === 0 ? ' without printing a path' : ''}:\n${stderr}`))
    })
  })
}
