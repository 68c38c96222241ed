// Errors of sealed secrets, with stable NAC_ERR_* codes. Messages never carry the sealed text,
// the plaintext or the key (STYLE.md: secrets are never logged).
import { NacError } from '../../proto/nac-error.js'

export const SecretErrorCode = {
  unseal: 'NAC_ERR_SECRET_UNSEAL',
  clusterKey: 'NAC_ERR_CLUSTER_KEY',
} as const
export type SecretErrorCode = (typeof SecretErrorCode)[keyof typeof SecretErrorCode]

/** Why a sealed text could not be opened: a closed list. */
export const UnsealReason = {
  notSealed: 'not-sealed',
  malformed: 'malformed',
  /** Wrong key, or the text was altered: GCM authentication failed. */
  authentication: 'authentication',
} as const
export type UnsealReason = (typeof UnsealReason)[keyof typeof UnsealReason]

export class SecretError extends NacError<SecretErrorCode> {}

/** A sealed secret could not be opened. */
export class UnsealError extends SecretError {
  readonly reason: UnsealReason
  constructor(reason: UnsealReason) {
    super(SecretErrorCode.unseal, `cannot unseal secret: ${reason}`)
    this.reason = reason
  }
}

/** The cluster key file is unreadable or malformed (its content is never quoted). */
export class ClusterKeyError extends SecretError {
  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super(SecretErrorCode.clusterKey, `cluster key ${path}: ${problem}`, options)
  }
}
