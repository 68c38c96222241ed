// How org documents and endpoints are stored in KV: JSON (readable with `nats kv get`), with
// RADIUS client secrets, the EAP server key and PSK passphrases sealed by the cluster key
// (DESIGN.md: secrets stored encrypted).
import { mapPskSecrets } from '../../actors/client/psk/index.js'
import type { EndpointConfig, OrgConfig } from '../../proto/wire/org-config.js'
import { isSealed, seal, unseal } from '../secrets/index.js'

export function encodeOrgForStore(org: OrgConfig, clusterKey: Buffer): Uint8Array {
  const stored: OrgConfig = {
    ...org,
    radiusClients: org.radiusClients.map((c) => ({ ...c, secret: isSealed(c.secret) ? c.secret : seal(c.secret, clusterKey) })),
    // The EAP server key is a secret like the RADIUS ones: sealed before it is stored.
    ...(org.psks === undefined ? {} : { psks: mapPskSecrets(org.psks, (p) => (isSealed(p) ? p : seal(p, clusterKey))) }),
    ...(org.pki?.server === undefined ? {} : { pki: { ...org.pki, server: { ...org.pki.server, keyPem: isSealed(org.pki.server.keyPem) ? org.pki.server.keyPem : seal(org.pki.server.keyPem, clusterKey) } } }),
  }
  return new TextEncoder().encode(JSON.stringify(stored))
}

/** The document with secrets unsealed, for the gateway's memory only. */
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
