// What every key-deriving EAP method (EAP-TLS, TTLS, PEAP) reports once it has ended: success with
// keys and the peer it authenticated, or a stable failure reason (RFC 4137 §4.1: the method's
// isDone/getKey/decision, here plus the peer and reason the actor needs). Keys are zeroed on reset.
import type { CertificateAttributes } from './certificate-validator.js'
import { zeroKeys, type MethodKeys } from './eap-keys.js'
import type { EapServerMethod, MethodResponse } from './eap-method.js'

export type MethodResult = { ok: true; keys: MethodKeys; peer: CertificateAttributes | undefined } | { ok: false; reason: string }

export abstract class ConcludingMethod implements EapServerMethod {
  abstract readonly type: number
  abstract readonly authType: string
  protected result: MethodResult | undefined

  abstract buildReq(maxEapLength: number): Buffer
  abstract check(resp: MethodResponse): boolean
  abstract process(resp: MethodResponse): Promise<void>
  abstract reset(): void

  isDone(): boolean {
    return this.result !== undefined
  }

  succeeded(): boolean {
    return this.result?.ok === true
  }

  failureReason(): string | undefined {
    return this.result !== undefined && !this.result.ok ? this.result.reason : undefined
  }

  getKey(): MethodKeys | undefined {
    return this.result?.ok === true ? this.result.keys : undefined
  }

  peer(): CertificateAttributes | undefined {
    return this.result?.ok === true ? this.result.peer : undefined
  }

  /** Forget the outcome, zeroing its keys (reset() of the subclasses calls it). */
  protected clearResult(): void {
    if (this.result?.ok === true) zeroKeys(this.result.keys)
    this.result = undefined
  }
}
