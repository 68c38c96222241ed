// EAP-TTLSv0 with inner PAP (RFC 5281 §11.2.5) over a TLS 1.2 tunnel: the outer identity is the
// user name (wpa_supplicant's default without anonymous_identity), User-Name and User-Password go
// in the first tunnelled message, and the MSK is the "ttls keying material" exporter output (§8).
// A wrong password is an Access-Reject, counted as a reject.
import { EapType } from '../../../proto/eap/index.js'
import { TTLS_KEY_LABEL } from '../../supplicant/msk.js'
import { TlsTunnelPeer } from '../../supplicant/tls-tunnel-peer.js'
import { TtlsPapPhase2 } from '../../supplicant/ttls-pap-phase2.js'
import { runEapConversation } from '../eap-conversation.js'
import type { AuthResult, Scenario, ScenarioContext, ScenarioDefinition, ScenarioEnv } from '../scenario.js'

export function ttlsPapScenario(env: ScenarioEnv): Scenario {
  const eap = env.eap
  if (eap === undefined) throw new Error('ttls-pap needs the CA of the EAP server: a cluster or freeradius target, or --eap-ca')
  return {
    name: 'ttls-pap',
    async run(ctx: ScenarioContext): Promise<AuthResult> {
      const peer = new TlsTunnelPeer({
        type: EapType.Ttls, identity: env.ttls.user, secureContext: eap.tunnel, servername: eap.serverName, maxEapLength: env.framedMtu,
        keyLabel: TTLS_KEY_LABEL, phase2: new TtlsPapPhase2(env.ttls),
      })
      try {
        return await runEapConversation(ctx, peer, { identity: env.ttls.user, framedMtu: env.framedMtu })
      } finally {
        peer.close()
      }
    },
  }
}

export const definitions: readonly ScenarioDefinition[] = [{ name: 'ttls-pap', aliases: ['ttls'], build: ttlsPapScenario }]
