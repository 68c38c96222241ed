// TEAP (RFC 7170) with machine and user credentials, both by inner EAP-TLS, as wpa_supplicant
// 2.10 does it with the demo's eapol-teap.conf (outer identity "anonymous", machine
// "host/<device>" with client.pem, user "alice" with user.pem; Windows' "User or Computer
// authentication" is the same shape): a TLS 1.2 tunnel (teap-peer.ts), phase 2 with the
// Crypto-Bindings checked both ways (teap-phase2.ts, teap-crypto-binding.ts), and the MS-MPPE
// keys of the Access-Accept checked against the TEAP MSK. Not against FreeRADIUS: 3.2.1 as
// Debian ships it has no TEAP module (no rlm_eap_teap), so the harness refuses that pairing.
import { INNER_MTU_MARGIN } from '../../supplicant/peap-tls-phase2.js'
import { TeapPeer } from '../../supplicant/teap-peer.js'
import { TeapPhase2 } from '../../supplicant/teap-phase2.js'
import { runEapConversation } from '../eap-conversation.js'
import type { AuthResult, Scenario, ScenarioContext, ScenarioDefinition, ScenarioEnv } from '../scenario.js'

/** wpa_supplicant's anonymous_identity in the demo's eapol-teap.conf (RFC 7170 §3.4: the real ones go inside). */
export const TEAP_OUTER_IDENTITY = 'anonymous'

export function teapScenario(env: ScenarioEnv): Scenario {
  const eap = env.eap
  const inner = eap?.teapInner
  if (eap === undefined || inner === undefined) {
    throw new Error('teap needs a machine and a user certificate: a cluster target (its client.pem and user.pem), or --eap-cert/--eap-key (machine), --eap-user-cert/--eap-user-key (user) and --eap-ca')
  }
  return {
    name: 'teap',
    async run(ctx: ScenarioContext): Promise<AuthResult> {
      const phase2 = new TeapPhase2({
        machine: { identity: `host/${eap.identity}`, secureContext: inner.machine },
        user: { identity: inner.userIdentity, secureContext: inner.user },
        servername: eap.serverName,
        maxEapLength: env.framedMtu - INNER_MTU_MARGIN,
      })
      const peer = new TeapPeer({ identity: TEAP_OUTER_IDENTITY, secureContext: eap.tunnel, servername: eap.serverName, maxEapLength: env.framedMtu, phase2 })
      try {
        return await runEapConversation(ctx, peer, { identity: TEAP_OUTER_IDENTITY, framedMtu: env.framedMtu })
      } finally {
        peer.close()
      }
    },
  }
}

export const definitions: readonly ScenarioDefinition[] = [{
  name: 'teap',
  build: teapScenario,
  refusedTargets: { freeradius: 'FreeRADIUS 3.2.1 (Debian bookworm) has no TEAP module (no rlm_eap_teap); run teap against the cluster or a TEAP server by address' },
}]
