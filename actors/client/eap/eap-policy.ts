// RFC 4137 §4.4 Policy: which method to propose next (Policy.getNextMethod), what a NAK changes
// (Policy.update), and the decision when a method ends (Policy.getDecision). The decision of an
// authenticating method that succeeded is SUCCESS only if authorization allows it too.
import { EapType } from '../../../proto/eap/index.js'

export const Decision = { SUCCESS: 'SUCCESS', FAILURE: 'FAILURE', CONTINUE: 'CONTINUE' } as const
export type Decision = (typeof Decision)[keyof typeof Decision]

export class EapPolicy {
  private readonly remaining: number[]
  private identityDone = false

  /** `methods`: the org's allowed methods, preferred first. */
  constructor(methods: readonly number[]) {
    this.remaining = [...methods]
  }

  /** Policy.getNextMethod: Identity first unless known, then the first allowed left. */
  getNextMethod(): number | undefined {
    if (!this.identityDone) return EapType.Identity
    return this.remaining[0]
  }

  identityKnown(): void {
    this.identityDone = true
  }

  /**
   * Policy.update after a NAK (RFC 3748 §5.3.1): drop the proposed method and keep only methods
   * the peer desires, in our order. "If the authenticator cannot satisfy the peer's request ...
   * it MUST send a Failure"; an empty desire list (Type 0) leaves nothing.
   */
  nak(proposed: number, desired: readonly number[]): void {
    const keep = this.remaining.filter((m) => m !== proposed && desired.includes(m))
    this.remaining.splice(0, this.remaining.length, ...keep)
  }

  /** Policy.getDecision when a method ended (RFC 4137 §4.4). */
  getDecision(m: { type: number; done: boolean; succeeded: boolean }, authorize: () => boolean): Decision {
    if (m.type === EapType.Identity) {
      if (m.done) this.identityKnown()
      return this.getNextMethod() === undefined ? Decision.FAILURE : Decision.CONTINUE
    }
    if (!m.done || !m.succeeded) return Decision.FAILURE
    return authorize() ? Decision.SUCCESS : Decision.FAILURE
  }
}
