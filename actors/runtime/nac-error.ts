// The actor runtime's errors, NacError subclasses with stable NAC_ERR_* codes (STYLE.md, errors).
import { NacError } from '../../proto/nac-error.js'

export { NacError }

/** Error codes raised by the actor runtime, as a closed `as const` set. */
export const RuntimeErrorCodes = {
  STATE_CONFLICT: 'NAC_ERR_STATE_CONFLICT',
  ACTOR_COOLING_DOWN: 'NAC_ERR_ACTOR_COOLING_DOWN',
  ACTIVATION_FAILED: 'NAC_ERR_ACTIVATION_FAILED',
} as const
export type RuntimeErrorCode = (typeof RuntimeErrorCodes)[keyof typeof RuntimeErrorCodes]

/** A state write met a stored revision other than the one it was based on. */
export class StateConflictError extends NacError {
  readonly key: string
  readonly expectedRevision: number

  constructor(key: string, expectedRevision: number, options?: { cause?: unknown }) {
    super(RuntimeErrorCodes.STATE_CONFLICT, `state of ${key} changed since revision ${expectedRevision}`, options)
    this.key = key
    this.expectedRevision = expectedRevision
  }
}

/** The supervisor refuses to activate an actor that failed too often; it replies `failed` instead. */
export class ActorCoolingDownError extends NacError {
  constructor(key: string, untilMs: number) {
    super(RuntimeErrorCodes.ACTOR_COOLING_DOWN, `actor ${key} failed repeatedly; cooling down for ${Math.ceil(untilMs)} ms`)
  }
}

/** `activate()` threw: the actor could not be brought up (its state failed to load, for example). */
export class ActivationFailedError extends NacError {
  constructor(key: string, options?: { cause?: unknown }) {
    super(RuntimeErrorCodes.ACTIVATION_FAILED, `activation of actor ${key} failed`, options)
  }
}
