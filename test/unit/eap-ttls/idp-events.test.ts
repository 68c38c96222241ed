// NAC IDP Authentication events of EAP-TTLS/PAP (actors/client/nac-event-builder.ts): the password
// verdicts that are the identity provider's answer map to Success / Failure / Unreachable; other
// TTLS refusals (inner MSCHAPv2, CHAP, ...) are no IDP event.
import { describe, expect, it } from 'vitest'
import { idpFailureEvent, idpSuccessEvent } from '../../../actors/client/nac-event-builder.js'
import type { RadiusRequest } from '../../../proto/wire/envelope.js'

const req: RadiusRequest = {
  kind: 'radius', org: 'demo', site: 'hq', nasId: 'nas-1', vendor: undefined, transport: 'udp',
  clientKey: 'k', shard: 0, deadline: 0, packet: new Uint8Array(0),
}
const facts = { mac: '020000000313', userName: 'alice' }

describe('IDP authentication events for EAP-TTLS/PAP', () => {
  it('success: positive, EAP-TTLS, no reason', () => {
    expect(idpSuccessEvent(req, facts, 1)).toMatchObject({ type: 'NAC IDP Authentication Success', polarity: 'positive', authType: 'EAP-TTLS', userName: 'alice', reason: undefined, org: 'demo', mac: '020000000313' })
  })

  it('wrong password and unknown user: IDP Authentication Failure with the reason', () => {
    for (const reason of ['ttls_bad_password', 'ttls_unknown_user']) {
      expect(idpFailureEvent(req, facts, reason, 1)).toMatchObject({ type: 'NAC IDP Authentication Failure', polarity: 'negative', authType: 'EAP-TTLS', reason })
    }
  })

  it('a provider that could not answer: IDP Unreachable', () => {
    expect(idpFailureEvent(req, facts, 'ttls_idp_unavailable', 1)).toMatchObject({ type: 'NAC IDP Unreachable', reason: 'ttls_idp_unavailable' })
  })

  it('refusals that are no password verdict give no IDP event', () => {
    for (const reason of ['ttls_mschapv2_unsupported', 'ttls_chap_unsupported', 'cert_expired', 'implicit_deny']) expect(idpFailureEvent(req, facts, reason, 1)).toBeUndefined()
  })
})
