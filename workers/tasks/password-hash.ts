// Password hashes of local users (org config `localUsers`): scrypt (RFC 7914) in the string
// form `scrypt$N$r$p$salt$hash`, salt and hash in base64. Hashing and verification are pure
// functions run in the worker pool; the comparison is constant-time.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'

/** N = 2^14, r = 8, p = 1: the interactive-login parameters of the scrypt paper (Percival 2009). */
export const DEFAULT_SCRYPT = { N: 16384, r: 8, p: 1 } as const
const SALT_LENGTH = 16
const HASH_LENGTH = 32
/** Bounds that keep one verification within memory and time on a worker (128·N·r·p octets). */
const MAX_N = 1 << 20
const MAX_R = 32
const MAX_P = 16
const MIN_SALT = 8
const MIN_HASH = 16

export interface ScryptHash {
  N: number
  r: number
  p: number
  salt: Buffer
  hash: Buffer
}

const B64 = /^[A-Za-z0-9+/]+={0,2}$/

/** Parse a `scrypt$N$r$p$salt$hash` string; undefined when it is not one this server accepts. */
export function parseScryptHash(s: string): ScryptHash | undefined {
  const parts = s.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string]
  if (![n, r, p].every((x) => /^[1-9][0-9]{0,7}$/.test(x)) || !B64.test(salt) || !B64.test(hash)) return undefined
  const N = Number(n)
  const out = { N, r: Number(r), p: Number(p), salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') }
  // RFC 7914 §2: "N ... must be larger than 1, a power of 2".
  if (N < 2 || N > MAX_N || (N & (N - 1)) !== 0) return undefined
  if (out.r > MAX_R || out.p > MAX_P || out.salt.length < MIN_SALT || out.hash.length < MIN_HASH) return undefined
  return out
}

function scrypt(password: string, h: Omit<ScryptHash, 'hash'>, length: number): Buffer {
  return scryptSync(password.normalize('NFC'), h.salt, length, { N: h.N, r: h.r, p: h.p, maxmem: 256 * h.N * h.r * h.p })
}

/** A new hash string of `password` (random salt). */
export function hashPassword(input: { password: string; N?: number; r?: number; p?: number }): string {
  const params = { N: input.N ?? DEFAULT_SCRYPT.N, r: input.r ?? DEFAULT_SCRYPT.r, p: input.p ?? DEFAULT_SCRYPT.p, salt: randomBytes(SALT_LENGTH) }
  const hash = scrypt(input.password, params, HASH_LENGTH)
  return `scrypt$${params.N}$${params.r}$${params.p}$${params.salt.toString('base64')}$${hash.toString('base64')}`
}

/** Does `password` match `passwordHash`? A malformed hash throws (config validation rules it out). */
export function verifyPassword(input: { passwordHash: string; password: string }): boolean {
  const h = parseScryptHash(input.passwordHash)
  if (h === undefined) throw new TypeError('not a scrypt$N$r$p$salt$hash string')
  const got = scrypt(input.password, h, h.hash.length)
  const ok = timingSafeEqual(got, h.hash)
  got.fill(0)
  return ok
}
