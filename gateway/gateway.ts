// The gateway: owns the sockets (RadSec, RADIUS/UDP) and nothing else. No per-client state: it
// checks packets, routes them to the client actor's owner and writes the replies back.
import { ClientTable } from './clients/client-table.js'
import { Counters } from './counters.js'
import { RequestHandler } from './dispatch/request-handler.js'
import type { Router } from './dispatch/router.js'
import type { GatewaySnapshot } from './gateway-config.js'
import { RadSecServer } from './radsec/radsec-server.js'
import { UdpServer } from './udp/udp-server.js'

export interface GatewayOptions {
  router: Router
  /** Shared with the router, so drops on either side land in one catalogue. */
  counters?: Counters
  shardCount: number
  routeTimeoutMs: number
  radsec: { host: string; port: number; certPem: string; keyPem: string } | undefined
  udp: { host: string; authPort: number; acctPort: number; requireMessageAuthenticator: boolean } | undefined
  /** RFC 5080 §2.2.2 suggests keeping answered requests for about the NAS's retransmit window. */
  dedupTtlMs?: number
  maxInFlightPerConnection?: number
  now?: () => number
}

// Org ids, site ids and NAS ids are tokens without "/" (proto/wire/subjects.ts TOKEN_RE).
const nasVendorKey = (org: string, site: string, nasId: string): string => `${org}/${site}/${nasId}`

export interface GatewayPorts {
  radsec: number | undefined
  auth: number | undefined
  acct: number | undefined
}

export class Gateway {
  readonly counters: Counters
  private clients = new ClientTable([])
  /** Vendor of each registered RadSec NAS by org, site and NAS id (certificate O, OU, CN). */
  private nasVendors = new Map<string, string | undefined>()
  private readonly radsec: RadSecServer | undefined
  private readonly udp: UdpServer | undefined

  constructor(o: GatewayOptions) {
    this.counters = o.counters ?? new Counters()
    const handler = new RequestHandler({
      router: o.router,
      counters: this.counters,
      shardCount: o.shardCount,
      routeTimeoutMs: o.routeTimeoutMs,
      now: o.now ?? Date.now,
    })
    const dedupTtlMs = o.dedupTtlMs ?? 30_000
    this.radsec = o.radsec && new RadSecServer({
      ...o.radsec,
      handler,
      counters: this.counters,
      dedupTtlMs,
      maxInFlight: o.maxInFlightPerConnection ?? 4096,
      // An unregistered NAS gets undefined: the IETF dialect.
      vendorOf: (org, site, nasId) => this.nasVendors.get(nasVendorKey(org, site ?? '', nasId)),
    })
    this.udp = o.udp && new UdpServer({
      ...o.udp,
      handler,
      counters: this.counters,
      dedupTtlMs,
      clients: () => this.clients,
    })
  }

  applyConfig(snapshot: GatewaySnapshot): void {
    this.clients = new ClientTable([...snapshot.orgs.values()].flatMap((o) => o.radiusClients))
    this.nasVendors = new Map([...snapshot.orgs.values()].flatMap((o) => (o.nasDevices ?? []).map((d) => [nasVendorKey(o.org, d.site, d.name), d.vendor] as const)))
    this.radsec?.applyConfig(snapshot)
  }

  async start(): Promise<GatewayPorts> {
    const radsec = await this.radsec?.start()
    const udp = await this.udp?.start()
    return { radsec, auth: udp?.authPort, acct: udp?.acctPort }
  }

  async stop(): Promise<void> {
    await this.radsec?.stop()
    await this.udp?.stop()
  }
}
