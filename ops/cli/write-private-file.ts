// Writes a file that may hold a private key: mode 0600 unless told otherwise.
import { writeFileSync } from 'node:fs'

export function writePrivateFile(path: string, text: string, mode = 0o600): void {
  writeFileSync(path, text, { mode })
}
