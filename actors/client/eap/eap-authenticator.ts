// The EAP authenticator of the backend (AAA server) side, after RFC 4137 §5-§6 and hostapd's
// eap_server.c: RFC state and variable names, per-packet variables apart from persistent ones.
// One step() runs the machine from RECEIVED to the next IDLE (a request sent), SUCCESS, FAILURE
// or DISCARD. Deviations from RFC 4137, each labelled DEVIATION below:
// - no RETRANSMIT/TIMEOUT_FAILURE driven by retransmission timers: the NAS retransmits, and the
//   conversation table answers a retransmitted response with the same Access-Challenge; the
//   conversation timeout ends the machine (TIMEOUT_FAILURE) without sending anything;
// - PICK_UP_METHOD accepts the Identity response the NAS collected (as hostapd's backend does);
// - methods process asynchronously (TLS, certificate checks); the mailbox serialises steps;
// - a method that waits for something outside (m.awaiting(), e.g. an identity provider that could
//   not answer) sends nothing: METHOD_RESPONSE goes to DISCARD, so the NAS retransmits the same
//   response and it is processed again (hostapd eap_server.c METHOD_PENDING_WAIT).
import { EapCode, EapType, decodeEapPacket, encodeEapPacket } from '../../../proto/eap/index.js'
import type { CertificateAttributes } from './certificate-validator.js'
import type { MethodKeys } from './eap-keys.js'
import type { EapServerMethod } from './eap-method.js'
import { Decision, EapPolicy } from './eap-policy.js'
import { IdentityMethod } from './identity-method.js'

export const EapState = {
  INITIALIZE: 'INITIALIZE',
  IDLE: 'IDLE',
  RECEIVED: 'RECEIVED',
  INTEGRITY_CHECK: 'INTEGRITY_CHECK',
  METHOD_RESPONSE: 'METHOD_RESPONSE',
  METHOD_REQUEST: 'METHOD_REQUEST',
  PROPOSE_METHOD: 'PROPOSE_METHOD',
  PICK_UP_METHOD: 'PICK_UP_METHOD',
  SELECT_ACTION: 'SELECT_ACTION',
  SEND_REQUEST: 'SEND_REQUEST',
  DISCARD: 'DISCARD',
  NAK: 'NAK',
  SUCCESS: 'SUCCESS',
  FAILURE: 'FAILURE',
  TIMEOUT_FAILURE: 'TIMEOUT_FAILURE',
} as const
export type EapState = (typeof EapState)[keyof typeof EapState]

/** RFC 4137 §4.1 methodState. */
export const MethodState = { NONE: 'NONE', PROPOSED: 'PROPOSED', CONTINUE: 'CONTINUE', END: 'END' } as const
export type MethodState = (typeof MethodState)[keyof typeof MethodState]

const NONE = -1

/** Per-packet variables (RFC 4137 §5.1.2 "rxResp, respId, respMethod, ignore"), reset each step. */
interface PacketVars {
  eapRespData: Buffer | undefined
  rxResp: boolean
  respId: number
  respMethod: number
  respTypeData: Buffer
  ignore: boolean
  maxEapLength: number
}

export type StepOutcome =
  | { action: 'send'; eapReqData: Buffer }
  | { action: 'success'; eapReqData: Buffer; keys: MethodKeys; identity: string | undefined; peer: CertificateAttributes | undefined; authType: string }
  | { action: 'failure'; eapReqData: Buffer; reason: string }
  | { action: 'discard'; reason: string }

export interface AuthenticatorDeps {
  /** Allowed methods, preferred first (EAP types). */
  methods: readonly number[]
  /** A method of an allowed type (not Identity). */
  createMethod(type: number): EapServerMethod | undefined
  /** Authorization for a method that authenticated the peer: true to allow (the policy decides). */
  authorize(result: { authType: string; identity: string | undefined; peer: CertificateAttributes | undefined; machine?: CertificateAttributes | undefined }): boolean
}

export class EapAuthenticator {
  // Persistent variables (RFC 4137 §4.1, §5.1.2).
  state: EapState = EapState.INITIALIZE
  currentId = NONE
  currentMethod = NONE
  methodState: MethodState = MethodState.NONE
  decision: Decision = Decision.CONTINUE
  lastId = NONE
  lastReqData: Buffer | undefined
  identity: string | undefined
  private m: EapServerMethod | undefined
  private readonly policy: EapPolicy
  private failureReason = 'policy'
  /** States entered during the last step(), for tests and traces. */
  trace: EapState[] = []

  constructor(private readonly deps: AuthenticatorDeps) {
    this.policy = new EapPolicy(deps.methods)
  }

  get method(): EapServerMethod | undefined {
    return this.m
  }

  /**
   * One round: `eapRespData` is the EAP packet of the Access-Request (an empty buffer is
   * EAP-Start, RFC 3579 §2.1); `maxEapLength` the NAS's Framed-MTU.
   */
  async step(eapRespData: Buffer, maxEapLength: number): Promise<StepOutcome> {
    this.trace = []
    const v: PacketVars = { eapRespData, rxResp: false, respId: NONE, respMethod: NONE, respTypeData: Buffer.alloc(0), ignore: false, maxEapLength }
    this.parseEapResp(v)
    if (this.state === EapState.INITIALIZE) {
      this.enter(EapState.INITIALIZE)
      // hostapd backend: INITIALIZE -> PICK_UP_METHOD when a response came with the first packet.
      return v.rxResp ? this.pickUpMethod(v) : this.selectAction(v)
    }
    if (this.state !== EapState.IDLE) return this.discard('not_idle')
    this.enter(EapState.RECEIVED)
    // RFC 4137 §5.? RECEIVED: "rxResp && (respId == currentId) && (respMethod == NAK ||
    // respMethod == EXPANDED_NAK) && (methodState == PROPOSED)" -> NAK; "rxResp && (respId ==
    // currentId) && (respMethod == currentMethod)" -> INTEGRITY_CHECK; else DISCARD.
    if (v.rxResp && v.respId === this.currentId && v.respMethod === EapType.Nak && this.methodState === MethodState.PROPOSED) return this.nak(v)
    if (v.rxResp && v.respId === this.currentId && v.respMethod === this.currentMethod) return this.integrityCheck(v)
    return this.discard(v.rxResp ? (v.respId !== this.currentId ? 'wrong_id' : 'wrong_method') : 'not_a_response')
  }

  /** The conversation timed out (DEVIATION: no retransmission count; nothing is sent). */
  timeout(): void {
    this.enter(EapState.TIMEOUT_FAILURE)
    this.m?.reset()
  }

  private parseEapResp(v: PacketVars): void {
    if (v.eapRespData === undefined || v.eapRespData.length === 0) return
    const d = decodeEapPacket(v.eapRespData)
    if (!d.ok || d.value.code !== EapCode.Response) return
    v.rxResp = true
    v.respId = d.value.identifier
    v.respMethod = d.value.type
    v.respTypeData = d.value.data
  }

  private enter(s: EapState): void {
    this.state = s
    this.trace.push(s)
  }

  private pickUpMethod(v: PacketVars): Promise<StepOutcome> {
    this.enter(EapState.PICK_UP_METHOD)
    if (v.respMethod !== EapType.Identity) return this.selectAction(v)
    this.m = new IdentityMethod()
    this.currentMethod = EapType.Identity
    this.currentId = v.respId
    return this.methodResponse(v)
  }

  private integrityCheck(v: PacketVars): Promise<StepOutcome> {
    this.enter(EapState.INTEGRITY_CHECK)
    v.ignore = this.m === undefined || !this.m.check({ type: v.respMethod, data: v.respTypeData, maxEapLength: v.maxEapLength })
    if (v.ignore) return Promise.resolve(this.discard('integrity'))
    return this.methodResponse(v)
  }

  private async methodResponse(v: PacketVars): Promise<StepOutcome> {
    this.enter(EapState.METHOD_RESPONSE)
    const m = this.m as EapServerMethod
    await m.process({ type: v.respMethod, data: v.respTypeData, maxEapLength: v.maxEapLength })
    if (m instanceof IdentityMethod) this.identity = m.identity
    // DEVIATION (see the header): RFC 4137 leaves METHOD_RESPONSE only to SELECT_ACTION or METHOD_REQUEST.
    const waiting = (m as EapServerMethod).awaiting?.()
    if (waiting !== undefined) return this.discard(`pending_${waiting}`)
    this.methodState = m.isDone() ? MethodState.END : MethodState.CONTINUE
    return this.methodState === MethodState.END ? this.selectAction(v) : this.methodRequest(v)
  }

  private selectAction(v: PacketVars): Promise<StepOutcome> {
    this.enter(EapState.SELECT_ACTION)
    const m = this.m
    if (m === undefined) {
      // Nothing ran yet (EAP-Start, or a first response that was not Identity): ask for identity.
      this.decision = Decision.CONTINUE
    } else {
      this.decision = this.policy.getDecision(
        { type: m.type, done: m.isDone(), succeeded: m.succeeded() },
        () => this.deps.authorize({ authType: m.authType ?? '', identity: this.identity, peer: m.peer(), machine: m.machinePeer?.() }),
      )
      if (this.decision === Decision.FAILURE) this.failureReason = m.failureReason() ?? (m.succeeded() ? 'policy' : 'no_method')
    }
    if (this.decision === Decision.SUCCESS) return Promise.resolve(this.success())
    if (this.decision === Decision.FAILURE) return Promise.resolve(this.failure())
    return this.proposeMethod(v)
  }

  private proposeMethod(v: PacketVars): Promise<StepOutcome> {
    this.enter(EapState.PROPOSE_METHOD)
    const type = this.policy.getNextMethod()
    const m = type === undefined ? undefined : type === EapType.Identity ? new IdentityMethod() : this.deps.createMethod(type)
    if (type === undefined || m === undefined) {
      this.failureReason = 'no_method'
      return Promise.resolve(this.failure())
    }
    this.m?.reset()
    this.m = m
    this.currentMethod = type
    // RFC 4137 §4.4: "methodState = PROPOSED" for methods the peer may NAK; Identity and
    // Notification cannot be NAKed (RFC 3748 §5.3.1), so they CONTINUE.
    this.methodState = type === EapType.Identity ? MethodState.CONTINUE : MethodState.PROPOSED
    return Promise.resolve(this.methodRequest(v))
  }

  private methodRequest(v: PacketVars): StepOutcome {
    this.enter(EapState.METHOD_REQUEST)
    // RFC 4137 §5.? "currentId = nextId(currentId)"; RFC 3748 §4.1: the Identifier "MUST" change
    // for each new Request; a first request starts from a random value.
    this.currentId = this.currentId === NONE ? Math.floor(Math.random() * 256) : (this.currentId + 1) & 0xff
    const m = this.m as EapServerMethod
    const typeData = m.buildReq(v.maxEapLength)
    const eapReqData = encodeEapPacket({ code: EapCode.Request, identifier: this.currentId, type: m.type, data: typeData })
    return this.sendRequest(eapReqData)
  }

  private sendRequest(eapReqData: Buffer): StepOutcome {
    this.enter(EapState.SEND_REQUEST)
    this.lastId = this.currentId
    this.lastReqData = eapReqData
    this.enter(EapState.IDLE)
    return { action: 'send', eapReqData }
  }

  private nak(v: PacketVars): Promise<StepOutcome> {
    this.enter(EapState.NAK)
    // RFC 3748 §5.3.1: the Nak's Type-Data lists "one or more authentication Types desired by the Peer".
    this.policy.nak(this.currentMethod, [...v.respTypeData])
    this.m?.reset()
    this.m = undefined
    this.methodState = MethodState.NONE
    this.enter(EapState.SELECT_ACTION)
    this.policy.identityKnown()
    if (this.policy.getNextMethod() === undefined) {
      this.failureReason = 'nak_no_common_method'
      return Promise.resolve(this.failure())
    }
    return this.proposeMethod(v)
  }

  private success(): StepOutcome {
    this.enter(EapState.SUCCESS)
    const m = this.m as EapServerMethod
    const keys = m.getKey()
    // RFC 3748 §4.2: the Success Identifier "MUST match the Identifier field of the Response
    // packet" — the currentId it answered.
    const eapReqData = encodeEapPacket({ code: EapCode.Success, identifier: this.currentId })
    if (keys === undefined) return { action: 'failure', eapReqData: encodeEapPacket({ code: EapCode.Failure, identifier: this.currentId }), reason: 'no_keys' }
    return { action: 'success', eapReqData, keys, identity: this.identity, peer: m.peer(), authType: m.authType ?? '' }
  }

  private failure(): StepOutcome {
    this.enter(EapState.FAILURE)
    this.m?.reset()
    return { action: 'failure', eapReqData: encodeEapPacket({ code: EapCode.Failure, identifier: this.currentId === NONE ? 0 : this.currentId }), reason: this.failureReason }
  }

  private discard(reason: string): StepOutcome {
    this.enter(EapState.DISCARD)
    // RFC 4137: DISCARD -> IDLE, the packet is ignored.
    if (this.state === EapState.DISCARD && this.currentId !== NONE) this.enter(EapState.IDLE)
    return { action: 'discard', reason }
  }
}
