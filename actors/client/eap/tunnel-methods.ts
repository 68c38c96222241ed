// The tunnelled methods a conversation can create (EAP-TTLS/PAP, PEAP-TLS), given what each
// needs; TTLS only where an identity provider is wired.
import { EapType } from '../../../proto/eap/index.js'
import type { SecureContext } from 'node:tls'
import type { CertificateValidator } from './certificate-validator.js'
import type { EapServerMethod } from './eap-method.js'
import type { IdentityProviders } from './identity-provider.js'
import { PeapMethod } from './peap-method.js'
import { TtlsMethod } from './ttls-method.js'

export interface TunnelMethodContext {
  org: string
  secureContext: SecureContext
  validator: CertificateValidator
  reassemblyLimit: number
  identities: IdentityProviders | undefined
}

export function createTunnelMethod(type: number, c: TunnelMethodContext): EapServerMethod | undefined {
  const base = { org: c.org, secureContext: c.secureContext, reassemblyLimit: c.reassemblyLimit }
  if (type === EapType.Ttls) return c.identities === undefined ? undefined : new TtlsMethod({ ...base, identities: c.identities })
  if (type === EapType.Peap) return new PeapMethod({ ...base, validator: c.validator })
  return undefined
}
