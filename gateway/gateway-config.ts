// What the gateway needs of the config, handed in by ops as plain data (secrets already unsealed):
// device CAs to authenticate RadSec NAS certificates, RADIUS/UDP clients by address, and the
// vendors of registered RadSec NAS devices.

export interface GatewayRadiusClient {
  org: string
  name: string
  cidr: string
  secret: string
  site: string | undefined
  vendor: string | undefined
}

/** A RadSec NAS an admin registered: its certificate's site and CN, and its vendor (reply dialect). */
export interface GatewayNasDevice {
  name: string
  site: string
  vendor: string | undefined
}

export interface GatewayOrg {
  org: string
  /** PEM of the org's device CA (RadSec NAS certificates chain to it). */
  deviceCa: string
  radiusClients: GatewayRadiusClient[]
  /** Registered RadSec NAS devices; absent: none. */
  nasDevices?: GatewayNasDevice[]
}

export interface GatewaySnapshot {
  orgs: ReadonlyMap<string, GatewayOrg>
}
