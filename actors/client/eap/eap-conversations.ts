// The EAP conversations of one client actor, keyed by the State token (RFC 2865 §5.24, RFC 3579
// §2.6.1): at most MAX_CONVERSATIONS per device, each evicted at its timeout; every State is
// verified (HMAC, expiry) before it is looked at, and a forged or expired one is dropped and
// counted. A retransmitted Access-Request (same State, same EAP response) gets the same reply
// again. Maps the authenticator's outcome to the RADIUS reply (RFC 3579 §2.6.3: EAP-Success with
// Access-Accept, EAP-Failure with Access-Reject, other requests with Access-Challenge).
import { createHash, randomBytes } from 'node:crypto'
import { EapType, eapMessageAttributes, joinEapMessage, MIN_EAP_LENGTH } from '../../../proto/eap/index.js'
import { Attr, findAttribute, findAttributes, type Packet } from '../../../proto/radius/index.js'
import { Outcome, type RadiusReply } from '../../../proto/wire/envelope.js'
import type { CertificateAttributes, CertificateValidator } from './certificate-validator.js'
import { EapAuthenticator, type StepOutcome } from './eap-authenticator.js'
import { zeroKeys } from './eap-keys.js'
import type { EapOrgContext } from './eap-org-context.js'
import { EapTlsMethod } from './eap-tls-method.js'
import type { StateTokenCodec } from './state-token.js'
import type { IdentityProviders } from './identity-provider.js'
import { createTunnelMethod } from './tunnel-methods.js'

/** "at most one or a few per device": a supplicant restarting leaves its old conversation behind. */
export const MAX_CONVERSATIONS = 2
/** Largest EAP packet we build, whatever Framed-MTU says: leaves room in a 4096-octet RADIUS packet. */
const MAX_EAP_LENGTH = 3000

export interface AuthorizationResult {
  allowed: boolean
  /** RADIUS attributes of the decision (VLAN, role), encoded. */
  attributes: Array<[number, Uint8Array]>
}

export interface EapRequestContext {
  org: string
  packet: Packet
  /** Authorization of a peer the method authenticated (the org's policy). */
  authorize(r: { authType: string; identity: string | undefined; peer: CertificateAttributes | undefined; machine?: CertificateAttributes | undefined; innerIdentity?: string | undefined }): AuthorizationResult
}

export interface EapConversationsDeps {
  stateTokens: StateTokenCodec
  validator: CertificateValidator
  /** Password checks of EAP-TTLS/PAP; absent, TTLS is not offered. */
  identities?: IdentityProviders | undefined
  count(name: string): void
  now(): number
}

interface Conversation {
  id: Buffer
  /** Round of the State the next Access-Request must carry. */
  round: number
  machine: EapAuthenticator
  startedAt: number
  expiresAt: number
  roundTimeoutMs: number
  /** The last reply and the digest of the EAP response it answered, for retransmissions. */
  last: { round: number; digest: string; reply: RadiusReply } | undefined
  /** Authorization attributes computed at SUCCESS (policy runs inside the machine). */
  granted: AuthorizationResult | undefined
}

/** Discards of a method that waits for something outside (eap-authenticator.ts): the NAS retries. */
const PENDING = 'pending_'

const drop = (reason: string): RadiusReply => ({ outcome: Outcome.DROP, attributes: [], error: { reason, message: `EAP request dropped: ${reason}`, retryable: false } })

function framedMtu(p: Packet, fallback: number): number {
  // RFC 3580 §3.17 Framed-MTU: the largest EAP packet the NAS can deliver to the supplicant.
  const values = findAttributes(p, Attr.FramedMTU).filter((a) => a.value.length === 4).map((a) => a.value.readUInt32BE(0))
  const mtu = values.length === 0 ? fallback : Math.min(...values)
  return Math.max(MIN_EAP_LENGTH, Math.min(MAX_EAP_LENGTH, mtu))
}

export class EapConversations {
  private readonly conversations = new Map<string, Conversation>()

  constructor(private readonly deps: EapConversationsDeps) {}

  get size(): number {
    return this.conversations.size
  }

  async handle(ctx: EapRequestContext, eapCtx: EapOrgContext): Promise<RadiusReply> {
    const c = this.deps.count
    const now = this.deps.now()
    this.evictExpired(now)
    const eap = joinEapMessage(ctx.packet)
    if (!eap.ok) return c('eap.drop.no_eap_message'), drop('NO_EAP_MESSAGE')
    const digest = createHash('sha256').update(eap.value).digest('base64')
    const stateAttr = findAttribute(ctx.packet, Attr.State)
    let conv: Conversation | undefined
    if (stateAttr !== undefined) {
      const check = this.deps.stateTokens.verify(stateAttr.value, now)
      if (!check.ok) return c(`eap.drop.state_${check.reason.toLowerCase()}`), drop(`STATE_${check.reason}`)
      conv = this.conversations.get(check.token.conversationId.toString('hex'))
      if (conv === undefined) return c('eap.drop.state_unknown_conversation'), drop('STATE_UNKNOWN_CONVERSATION')
      if (check.token.round !== conv.round) {
        // A retransmission of the request we already answered: same answer again.
        if (conv.last !== undefined && conv.last.round === check.token.round && conv.last.digest === digest) {
          c('eap.retransmit.replayed')
          return conv.last.reply
        }
        return c('eap.drop.state_stale_round'), drop('STATE_STALE_ROUND')
      }
    } else {
      conv = this.start(ctx, eapCtx, now)
    }
    const maxEapLength = framedMtu(ctx.packet, eapCtx.settings.defaultMaxEapLength)
    const out = await conv.machine.step(eap.value, maxEapLength)
    const reply = this.reply(ctx, conv, out)
    if (out.action === 'discard') {
      // A pending method (its identity provider could not answer): `eap.pending.<reason>`.
      c(out.reason.startsWith(PENDING) ? `eap.pending.${out.reason.slice(PENDING.length)}` : `eap.discard.${out.reason}`)
      return reply
    }
    conv.last = { round: conv.round, digest, reply }
    conv.round++
    if (out.action !== 'send') this.finish(conv, now)
    return reply
  }

  /** Drop every conversation (passivation). */
  clear(): void {
    for (const conv of this.conversations.values()) conv.machine.timeout()
    this.conversations.clear()
  }

  private start(ctx: EapRequestContext, eapCtx: EapOrgContext, now: number): Conversation {
    while (this.conversations.size >= MAX_CONVERSATIONS) {
      const oldest = [...this.conversations.values()].sort((a, b) => a.startedAt - b.startedAt)[0] as Conversation
      this.evict(oldest, 'eap.evict.too_many')
    }
    const s = eapCtx.settings
    const holder: { conv?: Conversation } = {}
    const machine = new EapAuthenticator({
      methods: s.methods,
      createMethod: (type) => type === EapType.Tls
        ? new EapTlsMethod({ org: ctx.org, secureContext: eapCtx.secureContext, validator: this.deps.validator, reassemblyLimit: s.reassemblyLimit })
        : createTunnelMethod(type, { org: ctx.org, secureContext: eapCtx.secureContext, tls12SecureContext: eapCtx.tls12SecureContext, validator: this.deps.validator, reassemblyLimit: s.reassemblyLimit, identities: this.deps.identities }),
      authorize: (r) => {
        // The identity inside the tunnel (TTLS inner User-Name, PEAP inner Identity) is the user's;
        // the outer one is often anonymous (RFC 5281 §7.3 EAP Identity Information; requirements
        // §1.3: "prefer the inner User-Name when it is present").
        const innerIdentity = holder.conv?.machine.method?.innerIdentity
        const granted = ctx.authorize({ authType: r.authType, identity: r.identity, peer: r.peer, machine: r.machine, innerIdentity })
        if (holder.conv !== undefined) holder.conv.granted = granted
        return granted.allowed
      },
    })
    const conv: Conversation = { id: randomBytes(16), round: 0, machine, startedAt: now, expiresAt: now + s.conversationTimeoutMs, roundTimeoutMs: s.roundTimeoutMs, last: undefined, granted: undefined }
    holder.conv = conv
    this.conversations.set(conv.id.toString('hex'), conv)
    this.deps.count('eap.conversation.started')
    return conv
  }

  private reply(ctx: EapRequestContext, conv: Conversation, out: StepOutcome): RadiusReply {
    const c = this.deps.count
    const eapAttrs = (b: Buffer): Array<[number, Uint8Array]> => eapMessageAttributes(b).map((a) => [a.type, a.value])
    switch (out.action) {
      case 'discard':
        // TIMEOUT, never a reject: a reject would lock users out during an identity provider outage;
        // the conversation stays at this round, so the NAS's retransmission is processed again.
        if (out.reason.startsWith(PENDING)) return { outcome: Outcome.TIMEOUT, attributes: [], error: { reason: `EAP_${out.reason.toUpperCase()}`, message: `EAP method waits: ${out.reason.slice(PENDING.length)}`, retryable: true } }
        return drop(`EAP_DISCARD_${out.reason.toUpperCase()}`)
      case 'send': {
        const round = conv.round + 1
        const expiresAt = Math.ceil(Math.min(conv.expiresAt, this.deps.now() + conv.roundTimeoutMs) / 1000)
        const state = this.deps.stateTokens.mint({ conversationId: conv.id, round, expiresAt })
        c('eap.challenge')
        return { outcome: Outcome.CHALLENGE, attributes: [...eapAttrs(out.eapReqData), [Attr.State, state]], error: undefined }
      }
      case 'failure':
        c(`eap.reject.${out.reason}`)
        return { outcome: Outcome.REJECT, attributes: eapAttrs(out.eapReqData), error: undefined }
      case 'success': {
        const granted = conv.granted ?? { allowed: false, attributes: [] }
        c(`eap.accept.${out.authType.toLowerCase()}`)
        const attributes: Array<[number, Uint8Array]> = [...eapAttrs(out.eapReqData), ...granted.attributes]
        // RFC 7268 §2.4 (EAP-Key-Name): a NAS asks for it with an empty EAP-Key-Name in the
        // Access-Request; the server then returns the EAP Session-Id in the Access-Accept.
        if (findAttribute(ctx.packet, Attr.EAPKeyName) !== undefined) attributes.push([Attr.EAPKeyName, Buffer.from(out.keys.sessionId)])
        // RFC 2548 via RFC 5216 §2.3 usage: Recv-Key = MSK[0..31], Send-Key = MSK[32..63].
        const mppe = { recv: Buffer.from(out.keys.msk.subarray(0, 32)), send: Buffer.from(out.keys.msk.subarray(32, 64)) }
        zeroKeys(out.keys)
        return { outcome: Outcome.ACCEPT, attributes, error: undefined, mppe }
      }
    }
  }

  private finish(conv: Conversation, now: number): void {
    // Kept until its last State expires, to answer a retransmission of the final round.
    conv.expiresAt = Math.min(conv.expiresAt, now + conv.roundTimeoutMs)
    conv.machine.method?.reset()
  }

  private evictExpired(now: number): void {
    for (const conv of this.conversations.values()) if (conv.expiresAt <= now) this.evict(conv, 'eap.evict.timeout')
  }

  private evict(conv: Conversation, counter: string): void {
    conv.machine.timeout()
    this.conversations.delete(conv.id.toString('hex'))
    this.deps.count(counter)
  }
}
