// The typed map of worker tasks: name -> pure function. The worker entry dispatches through it;
// the pool derives its input and output types from it (type-only, so no task code loads there).
import { createCa } from './tasks/create-ca.js'
import { issueCertificate } from './tasks/issue-certificate.js'
import { hashPassword, verifyPassword } from './tasks/password-hash.js'
import { buildOcspRequest, validateClientCertificate, verifyCrl, verifyOcspResponse } from './tasks/cert-validation/index.js'
import { matchPskMic } from './tasks/wpa/index.js'

export const tasks = {
  createCa,
  issueCertificate,
  validateClientCertificate,
  verifyCrl,
  buildOcspRequest,
  verifyOcspResponse,
  matchPskMic,
  hashPassword,
  verifyPassword,
} as const

export type TaskMap = typeof tasks
export type TaskName = keyof TaskMap
export type TaskInput<T extends TaskName> = Parameters<TaskMap[T]>[0]
export type TaskOutput<T extends TaskName> = Awaited<ReturnType<TaskMap[T]>>

/** What crosses into a worker: a task name and its plain-data payload. */
export interface TaskMessage {
  task: string
  payload: unknown
}

/** Is this a task name? (Messages come from the structured-clone boundary, untyped.) */
export function isTaskName(name: string): name is TaskName {
  return Object.hasOwn(tasks, name)
}
