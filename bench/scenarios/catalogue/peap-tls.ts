// PEAPv0 with inner EAP-TLS (MS-PEAP; requirements §1.5 "PEAP-TLS") over a TLS 1.2 tunnel, no
// crypto-binding: the outer tunnel authenticates the server, the inner EAP-TLS handshake (TLS
// 1.2, the client certificate) the device, the Result TLV is echoed, and the MSK is the outer
// tunnel's "client EAP encryption" exporter output. The same identity outside and inside: with
// --eap-client-certs per-client, the client's own CN, and its own certificate inside.
import { EapType } from '../../../proto/eap/index.js'
import { PEAP_KEY_LABEL } from '../../supplicant/msk.js'
import { INNER_MTU_MARGIN, PeapTlsPhase2 } from '../../supplicant/peap-tls-phase2.js'
import { TlsTunnelPeer } from '../../supplicant/tls-tunnel-peer.js'
import { runEapConversation } from '../eap-conversation.js'
import type { AuthResult, Scenario, ScenarioContext, ScenarioDefinition, ScenarioEnv } from '../scenario.js'
import { presentedClients, requireClientCertificate } from './eap-tls.js'

export function peapTlsScenario(env: ScenarioEnv): Scenario {
  const shared = requireClientCertificate(env, 'peap-tls')
  const eap = env.eap as NonNullable<ScenarioEnv['eap']>
  const presented = presentedClients(eap, shared)
  return {
    name: 'peap-tls',
    async run(ctx: ScenarioContext): Promise<AuthResult> {
      const client = presented(ctx.client.index)
      const phase2 = new PeapTlsPhase2({ identity: client.identity, secureContext: client.context('1.2'), servername: eap.serverName, maxEapLength: env.framedMtu - INNER_MTU_MARGIN })
      const peer = new TlsTunnelPeer({
        type: EapType.Peap, identity: client.identity, secureContext: eap.tunnel, servername: eap.serverName, maxEapLength: env.framedMtu,
        keyLabel: PEAP_KEY_LABEL, phase2,
      })
      try {
        return await runEapConversation(ctx, peer, { identity: client.identity, framedMtu: env.framedMtu })
      } finally {
        peer.close()
      }
    },
  }
}

export const definitions: readonly ScenarioDefinition[] = [{ name: 'peap-tls', aliases: ['peap'], build: peapTlsScenario }]
