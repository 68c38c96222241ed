// The admin API's errors: one stable code per outcome, its HTTP status, and the JSON body every
// error answer has: { code, message, details? } (as fastify's FST_ERR_* and undici's UND_ERR_*).
import { NacError } from '../../proto/nac-error.js'

/** Code -> HTTP status. Every error answer of the API carries one of these codes. */
export const ApiErrorStatus = {
  NAC_ERR_API_UNAUTHENTICATED: 401,
  NAC_ERR_API_NOT_FOUND: 404,
  NAC_ERR_API_READ_ONLY: 403,
  NAC_ERR_API_INVALID_BODY: 400,
  NAC_ERR_API_INVALID_CONFIG: 400,
  NAC_ERR_API_UNSUPPORTED_MEDIA_TYPE: 415,
  NAC_ERR_API_ALREADY_EXISTS: 409,
  NAC_ERR_API_REVISION_CONFLICT: 412,
  NAC_ERR_API_PRECONDITION_REQUIRED: 428,
  NAC_ERR_API_NO_DEVICE_CA_KEY: 409,
  NAC_ERR_API_INTERNAL: 500,
} as const
export type ApiErrorCode = keyof typeof ApiErrorStatus

/** One problem of a request body: where (a config path such as "rules[0].match[1]") and which rule. */
export interface ApiErrorDetail {
  path: string
  rule: string
  message: string
  /** CSV imports: the 1-based line of the file. */
  line?: number
}

export class ApiError extends NacError<ApiErrorCode> {
  constructor(code: ApiErrorCode, message: string, readonly details?: ApiErrorDetail[], options?: { cause?: unknown }) {
    super(code, message, options)
  }

  get status(): number {
    return ApiErrorStatus[this.code]
  }

  toJSON(): { code: ApiErrorCode; message: string; details?: ApiErrorDetail[] } {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details }
  }
}

/** The answer for another org's data, an unknown org and an unknown resource alike: nothing tells them apart. */
export const notFound = (): ApiError => new ApiError('NAC_ERR_API_NOT_FOUND', 'not found')
