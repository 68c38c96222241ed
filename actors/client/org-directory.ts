// What a client actor reads of its org: the compiled policy and the endpoints database, both
// watched into memory on every node by ops (DESIGN.md: nothing on the hot path waits for KV).
import type { CompiledPolicy } from '../policy/index.js'
import type { EndpointConfig } from '../../proto/wire/org-config.js'
import type { EapOrgContext } from './eap/eap-org-context.js'

export interface OrgDirectory {
  policy(org: string): CompiledPolicy | undefined
  endpoint(org: string, mac: string): EndpointConfig | undefined
  /** The org's EAP server material and trusted client CAs; undefined: the org has no EAP PKI. */
  eap(org: string): EapOrgContext | undefined
}
