// The method procedures an RFC 4137 authenticator calls (§4.4 "m.check, m.process, m.isDone,
// m.getKey, m.buildReq, m.reset"), with the verdict a finished method gives Policy. process is
// asynchronous: TLS work and certificate checks may wait.
import type { CertificateAttributes } from './certificate-validator.js'
import type { MethodKeys } from './eap-keys.js'

/** Per-packet input of a method: the response's Type and Type-Data, and the fragment budget. */
export interface MethodResponse {
  type: number
  data: Buffer
  /** Largest EAP packet the NAS can carry now (Framed-MTU). */
  maxEapLength: number
}

export interface EapServerMethod {
  readonly type: number
  /** Type-Data of the next request (the authenticator adds Code, Identifier, Length, Type). */
  buildReq(maxEapLength: number): Buffer
  check(resp: MethodResponse): boolean
  process(resp: MethodResponse): Promise<void>
  isDone(): boolean
  /** Once done: did the peer authenticate? */
  succeeded(): boolean
  /** Once done without success: a stable reason (counted by the actor). */
  failureReason(): string | undefined
  getKey(): MethodKeys | undefined
  /** The peer's identity the method established (the client certificate), when any. */
  peer(): CertificateAttributes | undefined
  /** TEAP: the machine's certificate, authenticated before the user's (peer()). */
  machinePeer?(): CertificateAttributes | undefined
  /**
   * Why the method can neither answer nor end yet (an identity provider that could not answer):
   * the authenticator then sends nothing and the same response, retransmitted, is processed again.
   */
  awaiting?(): string | undefined
  /** The identity the peer gave inside the tunnel (TTLS inner User-Name, PEAP inner Identity). */
  readonly innerIdentity?: string | undefined
  /** Policy's auth type for a successful method (requirements §1.10); undefined for Identity. */
  readonly authType: string | undefined
  reset(): void
}
