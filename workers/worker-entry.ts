// The module Piscina loads in each worker thread: dispatches { task, payload } to the pure task
// functions of the task map. Nothing else happens here: no logging, no I/O.
import { isTaskName, tasks, type TaskMessage } from './task-map.js'

export default function runTask(message: TaskMessage): unknown {
  if (!isTaskName(message.task)) throw new TypeError(`unknown worker task: ${JSON.stringify(message.task)}`)
  const fn = tasks[message.task] as (payload: unknown) => unknown
  return fn(message.payload)
}
