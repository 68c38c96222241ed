// eapol_test (Debian package eapoltest) as the real EAP peer: runs one authentication and reads
// what it printed: the result, its MPPE key check ("MPPE keys OK"), the RADIUS round trips and
// the largest EAP request it received.
import { spawn } from 'node:child_process'

export interface EapolResult {
  code: number | null
  out: string
  success: boolean
  mppeOk: boolean
  keyNameOk: boolean
  challenges: number
  accept: boolean
  reject: boolean
  /** Tunnel-Private-Group-Id of the Access-Accept, decoded. */
  vlan: string | undefined
  /** Largest EAP Request (Length field) the server sent. */
  maxEapRequest: number
}

/** `bin`: another eapol_test binary (the TEAP build of test/support/teap-peer). */
export function eapolTest(conf: string, port: number, extra: string[] = [], bin = 'eapol_test'): Promise<EapolResult> {
  return new Promise((resolve) => {
    const p = spawn(bin, ['-c', conf, '-a', '127.0.0.1', '-p', String(port), '-s', 'testing123', '-t', '10', '-e', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    p.stdout.on('data', (d: Buffer) => { out += d.toString() })
    p.stderr.on('data', (d: Buffer) => { out += d.toString() })
    p.on('close', (code) => {
      const vlanHex = /Attribute 81 \(Tunnel-Private-Group-Id\) length=\d+\n\s+Value: ([0-9a-f]+)/.exec(out)?.[1]
      const lens = [...out.matchAll(/decapsulated EAP packet \(code=1 id=\d+ len=(\d+)\)/g)].map((m) => Number(m[1]))
      resolve({
        code, out,
        success: /^SUCCESS$/m.test(out),
        mppeOk: /MPPE keys OK: 1 {2}mismatch: 0/.test(out),
        keyNameOk: /Locally derived EAP Session-Id matches EAP-Key-Name from server/.test(out),
        challenges: (out.match(/code=11 \(Access-Challenge\)/g) ?? []).length,
        accept: /code=2 \(Access-Accept\)/.test(out),
        reject: /code=3 \(Access-Reject\)/.test(out),
        vlan: vlanHex === undefined ? undefined : Buffer.from(vlanHex.replace(/^00/, ''), 'hex').toString(),
        maxEapRequest: Math.max(0, ...lens),
      })
    })
  })
}
