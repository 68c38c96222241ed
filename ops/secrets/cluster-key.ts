// The cluster key that seals secrets at rest: 32 random bytes, hex, in a 0600 file. Created once
// (written to a temp file, then hard-linked into place, which fails if the name exists: two
// processes starting together agree on one key, and no reader ever sees a half-written file).
import { randomBytes } from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { ClusterKeyError } from './secret-errors.js'

const KEY_HEX = /^[0-9a-f]{64}$/

function read(path: string): Buffer {
  let text: string
  try {
    text = readFileSync(path, 'utf8').trim()
  } catch (err) {
    throw new ClusterKeyError(path, 'unreadable', { cause: err })
  }
  if (!KEY_HEX.test(text)) throw new ClusterKeyError(path, 'not 64 lower-case hex digits')
  return Buffer.from(text, 'hex')
}

/** Load the cluster key at path, creating it (mode 0600) when absent. */
export function loadOrCreateClusterKey(path: string): Buffer {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  const key = randomBytes(32)
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    writeFileSync(tmp, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' })
    linkSync(tmp, path)
    return key
  } catch (err) {
    key.fill(0)
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new ClusterKeyError(path, 'cannot create', { cause: err })
  } finally {
    try { unlinkSync(tmp) } catch { /* never created */ }
  }
  return read(path)
}
