// How org documents and endpoints are stored in KV: JSON (readable with `nats kv get`), with
// RADIUS client secrets, the EAP server key and PSK passphrases sealed by the cluster key
// (DESIGN.md: secrets stored encrypted).
import { mapPskSecrets } from '../../actors/client/psk/index.js'
import type { EndpointConfig, OrgConfig, OrgPkiConfig } from '../../proto/wire/org-config.js'
import { isSealed, seal, unseal } from '../secrets/index.js'

const sealOnce = (text: string, clusterKey: Buffer): string => (isSealed(text) ? text : seal(text, clusterKey))

/** The EAP server key and the private EAP server CA's key, sealed (requirements §3: keys stored encrypted). */
function sealPki(pki: OrgPkiConfig, clusterKey: Buffer): OrgPkiConfig {
  return {
    ...pki,
    ...(pki.server === undefined ? {} : { server: { ...pki.server, keyPem: sealOnce(pki.server.keyPem, clusterKey) } }),
    ...(pki.serverCa === undefined ? {} : { serverCa: { ...pki.serverCa, keyPem: sealOnce(pki.serverCa.keyPem, clusterKey) } }),
  }
}

export function encodeOrgForStore(org: OrgConfig, clusterKey: Buffer): Uint8Array {
  const stored: OrgConfig = {
    ...org,
    radiusClients: org.radiusClients.map((c) => ({ ...c, secret: isSealed(c.secret) ? c.secret : seal(c.secret, clusterKey) })),
    // PSK passphrases and the EAP keys are secrets like the RADIUS ones: sealed before they are stored.
    ...(org.psks === undefined ? {} : { psks: mapPskSecrets(org.psks, (p) => (isSealed(p) ? p : seal(p, clusterKey))) }),
    ...(org.pki === undefined ? {} : { pki: sealPki(org.pki, clusterKey) }),
  }
  return new TextEncoder().encode(JSON.stringify(stored))
}

/**
 * The document with secrets unsealed, for the gateway's memory only. The private EAP server CA's
 * key stays sealed: no node signs with it, only the admin API opens it to issue.
 */
export function decodeOrgFromStore(bytes: Uint8Array, clusterKey: Buffer): OrgConfig {
  const org = JSON.parse(new TextDecoder().decode(bytes)) as OrgConfig
  const pki = org.pki?.server === undefined ? {} : { pki: { ...org.pki, server: { ...org.pki.server, keyPem: isSealed(org.pki.server.keyPem) ? unseal(org.pki.server.keyPem, clusterKey) : org.pki.server.keyPem } } }
  const psks = org.psks === undefined ? {} : { psks: mapPskSecrets(org.psks, (p) => (isSealed(p) ? unseal(p, clusterKey) : p)) }
  return { ...org, radiusClients: org.radiusClients.map((c) => ({ ...c, secret: isSealed(c.secret) ? unseal(c.secret, clusterKey) : c.secret })), ...pki, ...psks }
}

export function encodeEndpoint(e: EndpointConfig): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(e))
}

export function decodeEndpoint(bytes: Uint8Array): EndpointConfig {
  return JSON.parse(new TextDecoder().decode(bytes)) as EndpointConfig
}
