// The gateway's public surface, for ops to wire.
export { Gateway, type GatewayOptions, type GatewayPorts } from './gateway.js'
export type { GatewayOrg, GatewayRadiusClient, GatewaySnapshot } from './gateway-config.js'
export type { Router } from './dispatch/router.js'
export { Counters } from './counters.js'
