// Errors of the worker pool, with stable NAC_ERR_* codes (STYLE.md). Overload is its own error so
// callers can map it to "no reply" (the NAS retries), never to an Access-Reject.
import { NacError } from '../proto/nac-error.js'

/** Stable error codes of workers/. */
export const PoolErrorCode = {
  overloaded: 'NAC_ERR_POOL_OVERLOADED',
  taskFailed: 'NAC_ERR_WORKER_TASK_FAILED',
  destroyed: 'NAC_ERR_POOL_DESTROYED',
} as const
export type PoolErrorCode = (typeof PoolErrorCode)[keyof typeof PoolErrorCode]

/** Base of the pool's errors: an Error with a stable code and a cause. */
export class PoolError extends NacError<PoolErrorCode> {}

/** The bounded queue is full: the work was not accepted. Retryable later. */
export class PoolOverloadedError extends PoolError {
  readonly retryable = true
  constructor(task: string, options?: { cause?: unknown }) {
    super(PoolErrorCode.overloaded, `worker pool overloaded: task ${task} not queued`, options)
  }
}

/** The task threw inside the worker (bad input, bad PEM): the cause carries its message. */
export class WorkerTaskError extends PoolError {
  readonly retryable = false
  constructor(task: string, options?: { cause?: unknown }) {
    super(PoolErrorCode.taskFailed, `worker task ${task} failed`, options)
  }
}

/** The pool was destroyed before or while the task ran. */
export class PoolDestroyedError extends PoolError {
  readonly retryable = false
  constructor(task: string, options?: { cause?: unknown }) {
    super(PoolErrorCode.destroyed, `worker pool destroyed: task ${task} not run`, options)
  }
}
