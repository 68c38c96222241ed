// Every node's in-memory view of the config and endpoints buckets: the org directory client
// actors read, and the snapshot the gateway applies. A change is applied within the watch's
// delivery time, without restart.
import type { KV } from '@nats-io/kv'
import type { OrgDirectory } from '../../actors/client/index.js'
import type { EapOrgContext } from '../../actors/client/eap/index.js'
import { eapOrgContext } from './eap-org-context.js'
import { compilePolicy, type CompiledPolicy } from '../../actors/policy/index.js'
import type { GatewayOrg, GatewaySnapshot } from '../../gateway/index.js'
import type { EndpointConfig, OrgConfig } from '../../proto/wire/org-config.js'
import { decodeOrgFromStore } from './config-codec.js'
import { EndpointIndex } from './endpoint-index.js'
import { watchBucket, type KvWatch } from './kv-watch.js'

export interface AppliedRevisions {
  config: number
  endpoints: number
}

export interface ConfigWatcherOptions {
  config: KV
  endpoints: KV | undefined
  clusterKey: Buffer
  onError(err: unknown, key: string): void
}

export class ConfigWatcher implements OrgDirectory {
  private readonly orgs = new Map<string, OrgConfig>()
  private readonly policies = new Map<string, CompiledPolicy>()
  private readonly eapContexts = new Map<string, EapOrgContext>()
  private readonly endpointIndex = new EndpointIndex()
  private readonly watches: KvWatch[] = []
  private readonly listeners: Array<() => void> = []
  /** The highest KV revision of each bucket this node has applied to its memory. */
  readonly applied: AppliedRevisions = { config: 0, endpoints: 0 }

  constructor(private readonly o: ConfigWatcherOptions) {}

  async start(): Promise<void> {
    this.watches.push(await watchBucket(this.o.config, (e) => {
      const org = e.key.replace(/^org\./, '')
      if (e.operation !== 'PUT') {
        this.orgs.delete(org)
        this.eapContexts.delete(org)
        this.policies.delete(org)
      } else {
        try {
          const doc = decodeOrgFromStore(e.value, this.o.clusterKey)
          const eap = eapOrgContext(doc)
          if (eap === undefined) this.eapContexts.delete(org)
          else this.eapContexts.set(org, eap)
          this.orgs.set(org, doc)
          // Hit counts of rules that survive the edit are kept (requirements §7.5).
          this.policies.set(org, compilePolicy(doc, { previous: this.policies.get(org) }))
        } catch (err) {
          // A document this node cannot read keeps the last good one (never a half-applied org).
          this.o.onError(err, e.key)
          return
        }
      }
      for (const l of this.listeners) l()
      this.applied.config = Math.max(this.applied.config, e.revision)
    }, (err) => this.o.onError(err, 'config')))
    if (this.o.endpoints !== undefined) {
      this.watches.push(await watchBucket(this.o.endpoints, (e) => {
        // By generation: a CSV import becomes visible all at once (endpoint-index.ts).
        const dropped = this.endpointIndex.apply(e)
        if (dropped !== undefined) this.o.onError(new Error(`endpoints entry dropped: ${dropped}`), e.key)
        this.applied.endpoints = Math.max(this.applied.endpoints, e.revision)
      }, (err) => this.o.onError(err, 'endpoints')))
    }
    await Promise.all(this.watches.map((w) => w.ready))
  }

  /** Endpoint generations of `org` this node holds in memory (tests, metrics). */
  endpointGenerations(org: string): string[] {
    return this.endpointIndex.generations(org)
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener)
  }

  /** The org's document as stored (secrets unsealed): for wiring in ops, not the hot path. */
  orgConfig(org: string): OrgConfig | undefined {
    return this.orgs.get(org)
  }

  policy(org: string): CompiledPolicy | undefined {
    return this.policies.get(org)
  }

  eap(org: string): EapOrgContext | undefined {
    return this.eapContexts.get(org)
  }

  endpoint(org: string, mac: string): EndpointConfig | undefined {
    return this.endpointIndex.endpoint(org, mac)
  }

  gatewaySnapshot(): GatewaySnapshot {
    const orgs = new Map<string, GatewayOrg>()
    for (const [name, o] of this.orgs) {
      const nasDevices = (o.nasDevices ?? []).map((d) => ({ name: d.name, site: d.site, vendor: d.vendor }))
      orgs.set(name, { org: name, deviceCa: o.deviceCa, radiusClients: o.radiusClients.map((c) => ({ ...c, org: name })), nasDevices })
    }
    return { orgs }
  }

  stop(): void {
    for (const w of this.watches) w.stop()
  }
}
