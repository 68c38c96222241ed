// The Identity "method" (RFC 3748 §5.1; RFC 4137 §4.4 treats it as a method): sends
// Request/Identity and records the Response's identity. It authenticates nothing.
import { EapType } from '../../../proto/eap/index.js'
import type { EapServerMethod, MethodResponse } from './eap-method.js'

/** RFC 3748 §5.1: identities are UTF-8 and need not be null-terminated; keep a sane bound. */
const MAX_IDENTITY = 253

export class IdentityMethod implements EapServerMethod {
  readonly type = EapType.Identity
  readonly authType = undefined
  private done = false
  identity: string | undefined

  buildReq(): Buffer {
    return Buffer.alloc(0)
  }

  check(resp: MethodResponse): boolean {
    return resp.type === EapType.Identity
  }

  async process(resp: MethodResponse): Promise<void> {
    this.identity = resp.data.subarray(0, MAX_IDENTITY).toString('utf8')
    this.done = true
  }

  isDone(): boolean {
    return this.done
  }

  succeeded(): boolean {
    return false
  }

  failureReason(): string | undefined {
    return undefined
  }

  getKey(): undefined {
    return undefined
  }

  peer(): undefined {
    return undefined
  }

  reset(): void {
    this.done = false
  }
}
