// The worker pool for CPU-heavy crypto (DESIGN.md: workers/): the only importer of piscina.
// Bounded queue: a full queue rejects at once with PoolOverloadedError, so overload is visible
// and becomes "no reply" upstream instead of unbounded latency.
import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'
import { PoolDestroyedError, PoolOverloadedError, WorkerTaskError } from './pool-errors.js'
import type { TaskInput, TaskMessage, TaskName, TaskOutput } from './task-map.js'

export type { TaskInput, TaskName, TaskOutput } from './task-map.js'

export interface WorkerPoolOptions {
  /** Worker threads; default: available parallelism minus one, at least one. */
  threads?: number
  /** Tasks that may wait for a thread; default 64 per thread. Beyond it, run() rejects. */
  maxQueue?: number
}

export interface WorkerPoolStats {
  /** Tasks finished since start. */
  completed: number
  /** Tasks waiting for a thread now. */
  queued: number
  /** Share of thread time spent running tasks, 0..1. */
  utilization: number
}

export interface WorkerPool {
  /** Run a task; rejects with PoolOverloadedError, WorkerTaskError or PoolDestroyedError. */
  run<T extends TaskName>(task: T, payload: TaskInput<T>): Promise<TaskOutput<T>>
  destroy(): Promise<void>
  readonly stats: WorkerPoolStats
}

// Piscina reports a full queue only by this message (no error code).
const QUEUE_AT_LIMIT = 'Task queue is at limit'

/**
 * The worker entry next to this file: worker-entry.js when running compiled, worker-entry.ts
 * when running from source (vitest, tsx); then the worker needs tsx's loader to import it.
 */
function workerEntry(): { filename: string; execArgv: string[] | undefined } {
  const fromSource = import.meta.url.endsWith('.ts')
  const filename = new URL(fromSource ? './worker-entry.ts' : './worker-entry.js', import.meta.url).href
  return { filename, execArgv: fromSource ? [...process.execArgv, '--import', 'tsx'] : undefined }
}

/** Start a pool of worker threads running the tasks of workers/task-map.ts. */
export function createWorkerPool(opts: WorkerPoolOptions = {}): WorkerPool {
  const threads = opts.threads ?? Math.max(1, availableParallelism() - 1)
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`)
  const maxQueue = opts.maxQueue ?? threads * 64
  const { filename, execArgv } = workerEntry()
  const piscina = new Piscina<TaskMessage, unknown>({
    filename,
    minThreads: threads,
    maxThreads: threads,
    maxQueue,
    ...(execArgv === undefined ? {} : { execArgv }),
  })
  let destroyed = false

  return {
    async run<T extends TaskName>(task: T, payload: TaskInput<T>): Promise<TaskOutput<T>> {
      if (destroyed) throw new PoolDestroyedError(task)
      try {
        return (await piscina.run({ task, payload })) as TaskOutput<T>
      } catch (err) {
        if (err instanceof Error && err.message === QUEUE_AT_LIMIT) throw new PoolOverloadedError(task, { cause: err })
        if (destroyed) throw new PoolDestroyedError(task, { cause: err })
        throw new WorkerTaskError(task, { cause: err })
      }
    },
    async destroy(): Promise<void> {
      if (destroyed) return
      destroyed = true
      await piscina.destroy()
    },
    get stats(): WorkerPoolStats {
      return { completed: piscina.completed, queued: piscina.queueSize, utilization: piscina.utilization }
    },
  }
}
