// One client actor per (org, device): every RADIUS round for the device passes through its
// mailbox (DESIGN.md, request path step 3). Decisions: MAB, and 802.1X (EAP) whose conversations
// live in memory here (eap/), keyed by their State token.
import { EapCode, eapMessageAttributes, encodeEapPacket, joinEapMessage } from '../../proto/eap/index.js'
import { Attr, Code, decodePacket, findAttribute, type Packet } from '../../proto/radius/index.js'
import { AuthType } from '../../proto/wire/org-config.js'
import { Outcome, type RadiusReply, type RadiusRequest } from '../../proto/wire/envelope.js'
import type { Dictionary } from '../../proto/radius/index.js'
import { buildReply, evaluatePolicy, resolveAuthorization, ssidFromCalledStationId, type CertificateFields, type PolicyInput } from '../policy/index.js'
import { classifyRequest, RequestKind, type Classified } from './classify-request.js'
import type { CertificateAttributes, CertificateValidator } from './eap/certificate-validator.js'
import { EapConversations, type AuthorizationResult } from './eap/eap-conversations.js'
import type { StateTokenCodec } from './eap/state-token.js'
import type { IdentityProviders } from './eap/identity-provider.js'
import { sameDecision, type ClientState, type LastAuthorization } from './client-state.js'
import type { OrgDirectory } from './org-directory.js'
import type { AccountingSink } from './accounting-sink.js'
import type { EventSink } from './event-sink.js'
import { decisionEvent, certificateEvent, idpFailureEvent, idpSuccessEvent, idpUnavailableEvent, type DecisionFacts } from './nac-event-builder.js'
import { PmkCache, buildPskReply, parsePskRequest, pskAuthorization, pskDepsOf, resolvePsk, type ClientPskDeps } from './psk/index.js'

/** The part of the runtime's state handle a client actor uses. */
export interface ClientStateHandle {
  load(): Promise<ClientState | undefined>
  save(next: ClientState, rebase?: (stored: ClientState | undefined, next: ClientState) => ClientState | undefined): void
  flush(): Promise<void>
}

export interface ClientActorDeps {
  dict: Dictionary
  directory: OrgDirectory
  accounting: AccountingSink
  /** Counters by outcome and reason, from ops' metric catalogue. */
  count(name: string): void
  /** Wall clock; injected so tests control it. */
  now(): number
  /** 802.1X: absent, EAP requests are rejected. */
  eap?: ClientEapDeps
  /** RADIUS PSK (psk/psk-deps.ts); absent: taken from the directory's org documents, no pool. */
  psk?: ClientPskDeps
  /** NAC events (requirements §7); absent: none emitted. */
  events?: EventSink
}

export interface ClientEapDeps {
  /** State tokens (RFC 2865 §5.24) under the cluster-wide key. */
  stateTokens: StateTokenCodec
  /** Client-certificate checks (chain, validity, EKU, revocation). */
  validator: CertificateValidator
  /** EAP-TTLS/PAP password checks by realm; absent, TTLS is not offered. */
  identities?: IdentityProviders
}

// An unchanged decision is still rewritten after this long, so the survivability cache's TTL
// (requirements §8: 1-30 days) never lapses for a device that keeps connecting.
const REFRESH_MS = 3_600_000

/** The SSID of Called-Station-Id `BSSID:SSID` (RFC 3580 §3.20), when present. */
function ssidOf(p: Packet): string | undefined {
  const v = findAttribute(p, Attr.CalledStationId)?.value.toString('utf8')
  return v === undefined ? undefined : ssidFromCalledStationId(v)
}

/** NAS-IP-Address (RFC 2865 §5.4), dotted. */
function nasIpAddress(p: Packet): string | undefined {
  const v = findAttribute(p, Attr.NASIPAddress)?.value
  return v !== undefined && v.length === 4 ? `${v[0]}.${v[1]}.${v[2]}.${v[3]}` : undefined
}

function certificateFields(a: CertificateAttributes): CertificateFields {
  return {
    ...(a.cn === undefined ? {} : { cn: a.cn }),
    subject: a.subject, serial: a.serial, issuer: a.issuer,
    sanDns: a.sanDns, sanEmail: a.sanEmail, sanUpn: a.sanUpn, sanUri: a.sanUri,
  }
}

// The PMK cache of this node's actors when ops passes no PSK deps (psk/pmk-cache.ts).
const NODE_PMK_CACHE = new PmkCache()

const reject = (): RadiusReply => ({ outcome: Outcome.REJECT, attributes: [], error: undefined })
const drop = (reason: string, message: string): RadiusReply => ({ outcome: Outcome.DROP, attributes: [], error: { reason, message, retryable: false } })

export class ClientActor {
  private state: ClientState | undefined
  private conversations: EapConversations | undefined

  private constructor(
    private readonly deps: ClientActorDeps,
    private readonly handle: ClientStateHandle,
  ) {}

  /** Activation: the actor starts from its saved state (runtime supervisor restarts do the same). */
  static async activate(deps: ClientActorDeps, handle: ClientStateHandle): Promise<ClientActor> {
    const actor = new ClientActor(deps, handle)
    actor.state = await handle.load()
    return actor
  }

  /** What the request's decision was based on, for its NAC event (reset per request). */
  private facts: DecisionFacts = {}

  async receive(req: RadiusRequest): Promise<RadiusReply> {
    this.facts = {}
    const reply = await this.decide(req)
    const events = this.deps.events
    if (events !== undefined && (reply.outcome === Outcome.ACCEPT || reply.outcome === Outcome.REJECT)) {
      events.emit(decisionEvent(req, this.facts, reply.outcome === Outcome.ACCEPT, this.deps.now()))
    }
    return reply
  }

  private async decide(req: RadiusRequest): Promise<RadiusReply> {
    const decoded = decodePacket(Buffer.from(req.packet.buffer, req.packet.byteOffset, req.packet.byteLength))
    if (!decoded.ok) {
      this.deps.count(`actor.drop.${decoded.reason}`)
      return drop(decoded.reason, 'undecodable packet reached the actor')
    }
    const packet = decoded.value
    if (packet.code === Code.AccountingRequest) return this.accounting(req, packet.authenticator)
    if (packet.code !== Code.AccessRequest) {
      this.deps.count('actor.drop.unsupported_code')
      return drop('UNSUPPORTED_CODE', `code ${packet.code} is not handled by the client actor`)
    }
    const c = classifyRequest(packet)
    this.facts = { mac: c.mac, userName: c.userName, portType: c.portType, ssid: ssidOf(packet) }
    if (c.kind === RequestKind.EAP) return this.eap(req, packet, c)
    const psk = c.kind === RequestKind.PSK || c.kind === RequestKind.MAB ? await this.psk(req, packet, c) : undefined
    if (psk !== undefined) return psk
    if (c.kind !== RequestKind.MAB) {
      // PAP: not served; a reject tells the NAS now rather than after retries.
      this.deps.count(`actor.reject.unsupported_${c.kind.toLowerCase()}`)
      return reject()
    }
    return this.mab(req, packet, c)
  }

  private mab(req: RadiusRequest, packet: Packet, c: Classified): RadiusReply {
    const granted = this.authorize(req, packet, c, AuthType.MAB, undefined)
    this.deps.count(granted.allowed ? 'actor.mab.accept' : 'actor.mab.reject')
    this.facts.authType ??= AuthType.MAB
    return granted.allowed ? { outcome: Outcome.ACCEPT, attributes: granted.attributes, error: undefined } : reject()
  }

  /**
   * RADIUS PSK lookup and WPA2 multi-PSK (requirements §1.7, psk/): undefined when the request is
   * MAB-shaped and its SSID is no PSK WLAN of the org (then it is MAB).
   */
  private async psk(req: RadiusRequest, packet: Packet, c: Classified): Promise<RadiusReply | undefined> {
    const deps = pskDepsOf(this.deps.psk, this.deps.directory, NODE_PMK_CACHE)
    if (deps === undefined) return c.kind === RequestKind.PSK ? reject() : undefined
    const r = await resolvePsk(deps, { org: req.org, mac: c.mac, request: parsePskRequest(packet), marked: c.kind === RequestKind.PSK, now: this.deps.now() })
    if (r.kind === 'not-psk') return undefined
    if (r.kind === 'overloaded') {
      this.deps.count('actor.psk.pool_overloaded')
      return { outcome: Outcome.OVERLOADED, attributes: [], error: { reason: 'POOL_OVERLOADED', message: 'multi-PSK trial not queued', retryable: r.retryable } }
    }
    const refuse = (reason: string, rule?: string): RadiusReply => {
      this.deps.count(`actor.psk.reject.${reason.toLowerCase()}`)
      Object.assign(this.facts, { authType: AuthType.PSK, reason, rule })
      this.remember({ at: this.deps.now(), authType: AuthType.PSK, allowed: false, rule, vlan: undefined, role: undefined })
      return reject()
    }
    if (r.kind === 'refused') return refuse(r.reason)
    const endpoint = c.mac === undefined ? undefined : this.deps.directory.endpoint(req.org, c.mac)
    const decided = pskAuthorization(this.deps.directory.policy(req.org), endpoint, {
      authType: AuthType.PSK, portType: c.portType ?? 'Wireless', mac: c.mac, clientLabels: endpoint?.labels ?? [], site: req.site, nasVendor: req.vendor,
      nasIp: nasIpAddress(packet), userName: c.userName, calledStationId: findAttribute(packet, Attr.CalledStationId)?.value.toString('utf8'),
    }, r)
    if (!decided.allowed) return refuse(decided.reason, decided.rule)
    const reply = buildPskReply(this.deps.dict, req.vendor, decided.auth, r.secret)
    for (const _ of reply.omitted) this.deps.count('actor.reply.attribute_omitted')
    this.deps.count(`actor.psk.accept.${r.source}`)
    Object.assign(this.facts, { authType: AuthType.PSK, rule: decided.rule, vlan: decided.auth.vlan, role: decided.auth.role, userName: decided.auth.userName ?? this.facts.userName })
    this.remember({ at: this.deps.now(), authType: AuthType.PSK, allowed: true, rule: decided.rule, vlan: decided.auth.vlan, role: decided.auth.role })
    // The passphrase, where the vendor's attribute is salt-encrypted, is encrypted by the gateway.
    return { outcome: Outcome.ACCEPT, attributes: reply.attributes.map((a): [number, Uint8Array] => [a.type, a.value]), error: undefined, ...(reply.salted.length > 0 ? { salted: reply.salted } : {}) }
  }

  /** The EAP request being handled (for events the conversation table reports through count). */
  private eapReq: RadiusRequest | undefined

  private async eap(req: RadiusRequest, packet: Packet, c: Classified): Promise<RadiusReply> {
    const eapCtx = this.deps.directory.eap(req.org)
    const eapDeps = this.deps.eap
    if (eapDeps === undefined || eapCtx === undefined) {
      // RFC 3579 §2.6.3: an Access-Reject for EAP carries EAP-Failure.
      this.deps.count('actor.reject.eap_not_configured')
      const eap = joinEapMessage(packet)
      const id = eap.ok && eap.value.length >= 2 ? (eap.value[1] as number) : 0
      const failure = encodeEapPacket({ code: EapCode.Failure, identifier: id })
      return { outcome: Outcome.REJECT, attributes: eapMessageAttributes(failure).map((a): [number, Uint8Array] => [a.type, a.value]), error: undefined }
    }
    this.eapReq = req
    this.conversations ??= new EapConversations({
      stateTokens: eapDeps.stateTokens,
      validator: this.eventingValidator(eapDeps.validator, req),
      identities: eapDeps.identities,
      // The method's reject reason (eap.reject.<reason>) is the NAC event's reason too.
      count: (name) => {
        if (name.startsWith('eap.reject.')) {
          this.facts.reason = name.slice('eap.reject.'.length)
          // A TTLS password verdict is the identity provider's answer (NAC IDP Authentication Failure).
          const idp = this.eapReq === undefined ? undefined : idpFailureEvent(this.eapReq, this.facts, this.facts.reason, this.deps.now())
          if (idp !== undefined) this.deps.events?.emit(idp)
        }
        // No reply while the identity provider cannot answer (NAC IDP Unreachable, reason unavailable).
        if (name === 'eap.pending.idp_unavailable' && this.eapReq !== undefined) this.deps.events?.emit(idpUnavailableEvent(this.eapReq, this.facts, this.deps.now()))
        this.deps.count(name)
      },
      now: this.deps.now,
    })
    return this.conversations.handle({
      org: req.org,
      packet,
      authorize: (r) => {
        // EAP-TTLS/PAP reaches the policy only once the identity provider accepted the password.
        if (r.authType === AuthType.EAP_TTLS) this.deps.events?.emit(idpSuccessEvent(req, this.facts, this.deps.now()))
        return this.authorize(req, packet, c, Object.values(AuthType).find((t) => t === r.authType) ?? AuthType.EAP_TLS, r.peer, r.machine, r.innerIdentity)
      },
    }, eapCtx)
  }

  /** Certificate events (requirements §7.2 rows 3-6) for every client certificate checked. */
  private eventingValidator(inner: CertificateValidator, first: RadiusRequest): CertificateValidator {
    return {
      validate: async (input) => {
        const r = await inner.validate(input)
        this.facts.cert = r.ok ? r.attributes : undefined
        this.deps.events?.emit(certificateEvent(first, this.facts, r, this.deps.now(), input.role))
        return r
      },
    }
  }

  /**
   * The org's policy for an authenticated request (requirements §1.0 step 5): MAB, or the peer an
   * EAP method authenticated. Everything the request and the method tell is policy input.
   */
  private authorize(req: RadiusRequest, packet: Packet, c: Classified, authType: AuthType, peer: CertificateAttributes | undefined, machine?: CertificateAttributes, innerIdentity?: string): AuthorizationResult {
    const endpoint = c.mac === undefined ? undefined : this.deps.directory.endpoint(req.org, c.mac)
    const input: PolicyInput = {
      authType,
      portType: c.portType,
      mac: c.mac,
      clientLabels: endpoint?.labels ?? [],
      site: req.site,
      nasVendor: req.vendor,
      nasIp: nasIpAddress(packet),
      // The tunnel's inner identity when the method has one (the outer is often anonymous).
      userName: innerIdentity ?? c.userName,
      calledStationId: findAttribute(packet, Attr.CalledStationId)?.value.toString('utf8'),
      certificate: peer === undefined ? undefined : certificateFields(peer),
      machineCertificate: machine === undefined ? undefined : certificateFields(machine),
    }
    const decision = evaluatePolicy(this.deps.directory.policy(req.org), input)
    const auth = decision.allowed ? resolveAuthorization(decision, endpoint) : undefined
    // A site variable or value that does not resolve fails closed: never a guessed VLAN.
    const allowed = auth !== undefined && (auth.problems ?? []).length === 0
    if (decision.allowed && !allowed) this.deps.count('actor.reject.unresolved_policy')
    this.remember({ at: this.deps.now(), authType, allowed, rule: decision.rule?.name, vlan: auth?.vlan, role: auth?.role })
    Object.assign(this.facts, {
      authType, rule: decision.rule?.name, vlan: auth?.vlan, role: auth?.role, cert: peer ?? this.facts.cert, userName: innerIdentity ?? this.facts.userName,
      reason: allowed ? undefined : decision.allowed ? 'unresolved_policy' : decision.rule === undefined ? 'implicit_deny' : 'blocked_by_rule',
    })
    if (!allowed) return { allowed: false, attributes: [] }
    const reply = buildReply(this.deps.dict, req.vendor, auth)
    for (const _ of reply.omitted) this.deps.count('actor.reply.attribute_omitted')
    return { allowed: true, attributes: reply.attributes.map((a): [number, Uint8Array] => [a.type, a.value]) }
  }

  private async accounting(req: RadiusRequest, authenticator: Buffer): Promise<RadiusReply> {
    try {
      await this.deps.accounting.record(
        { org: req.org, site: req.site, nasId: req.nasId, clientKey: req.clientKey, receivedAt: this.deps.now(), packet: req.packet },
        `${req.clientKey}:${authenticator.toString('hex')}`,
      )
    } catch {
      // RFC 2866 §2: the server "MUST NOT transmit any reply if it fails to record the
      // accounting packet"; the NAS retransmits, so the record is not lost.
      this.deps.count('actor.accounting.store_failed')
      return { outcome: Outcome.TIMEOUT, attributes: [], error: { reason: 'ACCOUNTING_NOT_STORED', message: 'accounting store unavailable', retryable: true } }
    }
    this.deps.count('actor.accounting.stored')
    return { outcome: Outcome.ACCOUNTING_ACK, attributes: [], error: undefined }
  }

  /** Write-behind: the reply goes first; the runtime serialises and revision-checks the save. */
  private remember(last: LastAuthorization): void {
    const prev = this.state?.last
    if (prev !== undefined && sameDecision(prev, last) && last.at - prev.at < REFRESH_MS) return
    const next: ClientState = { v: 1, last }
    this.state = next
    this.handle.save(next, (stored, mine) => (stored?.last !== undefined && stored.last.at > mine.last!.at ? undefined : mine))
  }

  async passivate(): Promise<void> {
    this.conversations?.clear()
    await this.handle.flush()
  }
}
