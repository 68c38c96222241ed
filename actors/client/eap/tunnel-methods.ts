// The tunnelled methods a conversation can create (EAP-TTLS/PAP, PEAP-TLS, TEAP), given what each
// needs; TTLS only where an identity provider is wired, TEAP only where the org has a TLS 1.2 context.
import { EapType } from '../../../proto/eap/index.js'
import type { SecureContext } from 'node:tls'
import type { CertificateValidator } from './certificate-validator.js'
import type { EapServerMethod } from './eap-method.js'
import type { IdentityProviders } from './identity-provider.js'
import { PeapMethod } from './peap-method.js'
import { TeapMethod } from './teap-method.js'
import { TtlsMethod } from './ttls-method.js'

export interface TunnelMethodContext {
  org: string
  secureContext: SecureContext
  /** The org's EAP server certificate on a TLS-1.2-only context (TEAP's tunnel). */
  tls12SecureContext?: SecureContext | undefined
  validator: CertificateValidator
  reassemblyLimit: number
  identities: IdentityProviders | undefined
}

export function createTunnelMethod(type: number, c: TunnelMethodContext): EapServerMethod | undefined {
  const base = { org: c.org, secureContext: c.secureContext, reassemblyLimit: c.reassemblyLimit }
  if (type === EapType.Ttls) return c.identities === undefined ? undefined : new TtlsMethod({ ...base, identities: c.identities })
  if (type === EapType.Peap) return new PeapMethod({ ...base, validator: c.validator })
  if (type === EapType.Teap && c.tls12SecureContext !== undefined) {
    return new TeapMethod({ ...base, secureContext: c.tls12SecureContext, innerSecureContext: c.secureContext, validator: c.validator })
  }
  return undefined
}
