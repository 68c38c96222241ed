// The KV revision check every config and endpoint write goes through (STYLE.md: a revision
// conflict is its own error; the writer reloads and retries, never writes blindly).
import type { KV } from '@nats-io/kv'
import { isWrongLastSequence } from '../../actors/runtime/index.js'
import { NacError } from '../../proto/nac-error.js'

/** A write against a revision the key no longer has (someone else wrote first). */
export class ConfigRevisionConflictError extends NacError<'NAC_ERR_CONFIG_REVISION_CONFLICT'> {
  constructor(readonly key: string, readonly expected: number, options?: { cause?: unknown }) {
    super('NAC_ERR_CONFIG_REVISION_CONFLICT', `${key} is no longer at revision ${expected}`, options)
  }
}

/** Store `bytes` under `key` if it is still at `revision` (0: the key must not exist). */
export async function checkedWrite(kv: KV, key: string, bytes: Uint8Array, revision: number): Promise<number> {
  try {
    return revision === 0 ? await kv.create(key, bytes) : await kv.update(key, bytes, revision)
  } catch (err) {
    if (isWrongLastSequence(err)) throw new ConfigRevisionConflictError(key, revision, { cause: err })
    throw err
  }
}
