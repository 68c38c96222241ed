// The `localUsers` section of an org's YAML: users of the local-users identity provider for
// EAP-TTLS/PAP (requirements §1.3), each a name and a scrypt hash from `nac user hash`:
//   localUsers: [{ name: alice, passwordHash: "scrypt$16384$8$1$<salt>$<hash>" }]
// A password itself never appears in the file or in a message.
import type { LocalUserConfig } from '../../proto/wire/org-config.js'
import { parseScryptHash } from '../../workers/tasks/password-hash.js'
import type { ConfigError } from './config-error.js'
import { SchemaReader, type LineOf } from './schema-reader.js'

const USER_KEYS = ['name', 'passwordHash'] as const
/** RFC 2865 §5.1: User-Name carries at most 253 octets. */
const MAX_NAME = 253

export type LocalUsersResult = { ok: true; localUsers: LocalUserConfig[] | undefined } | { ok: false; errors: ConfigError[] }

/** Validate `doc.localUsers` (the whole parsed document is passed). */
export function validateLocalUsers(doc: unknown, file: string, lineOf?: LineOf): LocalUsersResult {
  const v = (doc as Record<string, unknown> | null)?.['localUsers']
  if (v === undefined || v === null) return { ok: true, localUsers: undefined }
  const r = new SchemaReader(file, lineOf)
  const out: LocalUserConfig[] = []
  const seen = new Set<string>()
  r.list(v, ['localUsers']).forEach((item, i) => {
    const path = ['localUsers', i]
    const m = r.mapping(item, path, USER_KEYS, USER_KEYS)
    if (m === undefined) return
    const name = r.string(m.name, [...path, 'name'], { nonEmpty: true })
    const passwordHash = r.string(m.passwordHash, [...path, 'passwordHash'], { nonEmpty: true })
    if (name === undefined || passwordHash === undefined) return
    if (Buffer.byteLength(name) > MAX_NAME) return r.error([...path, 'name'], 'local-user', `user names are at most ${MAX_NAME} octets`)
    if (seen.has(name)) return r.error([...path, 'name'], 'local-user', `user "${name}" is defined twice`)
    seen.add(name)
    if (parseScryptHash(passwordHash) === undefined) {
      return r.error([...path, 'passwordHash'], 'local-user', 'not a scrypt$N$r$p$salt$hash string (N a power of 2 up to 2^20, salt and hash base64); make one with `nac user hash`')
    }
    out.push({ name, passwordHash })
  })
  return r.errors.length > 0 ? { ok: false, errors: r.errors } : { ok: true, localUsers: out }
}
