// NAC event records (requirements §7.2-7.3) from what a client actor learnt while deciding: one
// Access Allowed/Denied per final answer, one certificate event per client certificate checked.
import { EVENT_POLARITY, NacEventType, type EventCertificate, type NacEvent } from '../../proto/wire/nac-events.js'
import type { RadiusRequest } from '../../proto/wire/envelope.js'
import type { CertificateAttributes, CertificateRole, CertificateValidation } from './eap/certificate-validator.js'

/** Collected per request by the actor; every field optional until known. */
export interface DecisionFacts {
  mac?: string | undefined
  userName?: string | undefined
  portType?: string | undefined
  ssid?: string | undefined
  authType?: string | undefined
  rule?: string | undefined
  vlan?: string | undefined
  role?: string | undefined
  reason?: string | undefined
  cert?: CertificateAttributes | undefined
}

function eventCert(a: CertificateAttributes | undefined): EventCertificate | undefined {
  if (a === undefined) return undefined
  return { cn: a.cn, subject: a.subject, issuer: a.issuer, serial: a.serial, sanDns: [...a.sanDns], sanEmail: [...a.sanEmail], sanUpn: [...a.sanUpn] }
}

function base(type: NacEventType, req: RadiusRequest, f: DecisionFacts, ts: number): NacEvent {
  return {
    ts, type, polarity: EVENT_POLARITY[type], org: req.org, site: req.site, mac: f.mac, userName: f.userName, authType: f.authType,
    portType: f.portType, nas: { id: req.nasId, vendor: req.vendor, transport: req.transport }, ssid: f.ssid,
    vlan: f.vlan, role: f.role, authRule: f.rule, reason: f.reason, cert: eventCert(f.cert),
  }
}

/** NAC Client Access Allowed / Denied (rows 1-2): the final answer to the NAS. */
export function decisionEvent(req: RadiusRequest, f: DecisionFacts, allowed: boolean, ts: number): NacEvent {
  const e = base(allowed ? NacEventType.ACCESS_ALLOWED : NacEventType.ACCESS_DENIED, req, f, ts)
  return allowed ? { ...e, reason: undefined } : { ...e, vlan: undefined, role: undefined, reason: f.reason ?? 'rejected' }
}

interface CertEventTypes { success: NacEventType; failure: NacEventType; expired: NacEventType; revoked: NacEventType }

/** Rows 3-6 for a client certificate; rows 7-14 for TEAP's machine and user certificates. */
const CERT_EVENTS: Record<'client' | CertificateRole, CertEventTypes> = {
  client: { success: NacEventType.CERT_SUCCESS, failure: NacEventType.CERT_FAILURE, expired: NacEventType.CERT_EXPIRED, revoked: NacEventType.CERT_REVOKED },
  machine: { success: NacEventType.MACHINE_CERT_SUCCESS, failure: NacEventType.MACHINE_CERT_FAILURE, expired: NacEventType.MACHINE_CERT_EXPIRED, revoked: NacEventType.MACHINE_CERT_REVOKED },
  user: { success: NacEventType.USER_CERT_SUCCESS, failure: NacEventType.USER_CERT_FAILURE, expired: NacEventType.USER_CERT_EXPIRED, revoked: NacEventType.USER_CERT_REVOKED },
}

/** Certificate success, expired, revoked, validation failure: of the client, or of TEAP's machine or user. */
export function certificateEvent(req: RadiusRequest, f: DecisionFacts, r: CertificateValidation, ts: number, role?: CertificateRole): NacEvent {
  const types = CERT_EVENTS[role ?? 'client']
  if (r.ok) return { ...base(types.success, req, f, ts), cert: eventCert(r.attributes), reason: undefined }
  const type = r.reason === 'EXPIRED' || r.reason === 'NOT_YET_VALID' ? types.expired : r.reason === 'REVOKED' ? types.revoked : types.failure
  return { ...base(type, req, f, ts), cert: undefined, reason: r.reason }
}

/** The EAP-TTLS/PAP password verdicts (eap.reject.<reason>) that are the identity provider's answer. */
const IDP_FAILURE_TYPE: Record<string, NacEventType> = {
  ttls_bad_password: NacEventType.IDP_AUTH_FAILURE,
  ttls_unknown_user: NacEventType.IDP_AUTH_FAILURE,
  ttls_idp_unavailable: NacEventType.IDP_UNREACHABLE,
}

/** NAC IDP Authentication Success (§7.2): the identity provider accepted the EAP-TTLS/PAP password. */
export function idpSuccessEvent(req: RadiusRequest, f: DecisionFacts, ts: number): NacEvent {
  return { ...base(NacEventType.IDP_AUTH_SUCCESS, req, f, ts), authType: 'EAP-TTLS', reason: undefined }
}

/**
 * NAC IDP Unreachable: the identity provider could not answer an EAP-TTLS/PAP password check
 * (timeout, network error, 5xx); the request got no reply, so the NAS retries or fails over.
 */
export function idpUnavailableEvent(req: RadiusRequest, f: DecisionFacts, ts: number): NacEvent {
  return { ...base(NacEventType.IDP_UNREACHABLE, req, f, ts), authType: 'EAP-TTLS', reason: 'unavailable' }
}

/**
 * NAC IDP Authentication Failure (IDP Unreachable when it could not answer) for an EAP-TTLS/PAP
 * password, with the method's reject reason; undefined for a reason that is no password verdict.
 */
export function idpFailureEvent(req: RadiusRequest, f: DecisionFacts, reason: string, ts: number): NacEvent | undefined {
  const type = IDP_FAILURE_TYPE[reason]
  return type === undefined ? undefined : { ...base(type, req, f, ts), authType: 'EAP-TTLS', reason }
}
