// What the gateway needs of the config, handed in by ops as plain data (secrets already unsealed):
// device CAs to authenticate RadSec NAS certificates, and RADIUS/UDP clients by address.

export interface GatewayRadiusClient {
  org: string
  name: string
  cidr: string
  secret: string
  site: string | undefined
  vendor: string | undefined
}

export interface GatewayOrg {
  org: string
  /** PEM of the org's device CA (RadSec NAS certificates chain to it). */
  deviceCa: string
  radiusClients: GatewayRadiusClient[]
}

export interface GatewaySnapshot {
  orgs: ReadonlyMap<string, GatewayOrg>
}
