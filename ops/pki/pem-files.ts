// A certificate and its private key as two PEM files. Keys are written mode 0600 (never
// readable by others); each file goes to a temp name first and is renamed into place, so a
// reader never sees half a file.
import { randomBytes } from 'node:crypto'
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** Paths and contents of a certificate and its key. */
export interface PemPair {
  certPath: string
  keyPath: string
  certPem: string
  keyPem: string
}

/** File names of a pair inside a directory. */
export interface PemPairNames {
  cert: string
  key: string
}

async function writeAtomic(path: string, text: string, mode: number): Promise<void> {
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`
  await writeFile(tmp, text, { mode, flag: 'wx' })
  await chmod(tmp, mode) // the umask may have narrowed or the mode is already right: make it exact
  await rename(tmp, path)
}

/** Write a pair: key 0600, certificate 0644; the directory is created (0700) if needed. */
export async function writePemPair(dir: string, names: PemPairNames, pems: { certPem: string; keyPem: string }): Promise<PemPair> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const pair = { certPath: join(dir, names.cert), keyPath: join(dir, names.key), certPem: pems.certPem, keyPem: pems.keyPem }
  await writeAtomic(pair.keyPath, pair.keyPem, 0o600)
  await writeAtomic(pair.certPath, pair.certPem, 0o644)
  return pair
}

/** Read a pair; undefined when either file is missing or unreadable. */
export async function readPemPair(dir: string, names: PemPairNames): Promise<PemPair | undefined> {
  const certPath = join(dir, names.cert)
  const keyPath = join(dir, names.key)
  try {
    const [certPem, keyPem] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')])
    return { certPath, keyPath, certPem, keyPem }
  } catch {
    return undefined
  }
}
