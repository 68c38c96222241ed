// NAS certificates for RadSec (RFC 6614 §2.3: peers authenticate with certificates): issued by
// the org's device CA with subject O=<org>, OU=<site>, CN=<nasId> and SAN URI
// urn:nac:nas:<org>:<site>:<nasId>; usage clientAuth, since the NAS is the TLS client.
import { TOKEN_RE } from '../../proto/wire/subjects.js'
import { nasUrn } from '../../proto/wire/nas-identity.js'
import type { WorkerPool } from '../../workers/pool.js'

export interface IssueNasCertificateInput {
  caCertPem: string
  caKeyPem: string
  org: string
  site: string
  nasId: string
  validDays: number
}

/** Issue a NAS client certificate through the worker pool. Throws on a non-token name. */
export async function issueNasCertificate(pool: WorkerPool, input: IssueNasCertificateInput): Promise<{ certPem: string; keyPem: string }> {
  for (const [field, value] of [['org', input.org], ['site', input.site], ['nasId', input.nasId]] as const) {
    if (!TOKEN_RE.test(value)) throw new TypeError(`${field} must match ${String(TOKEN_RE)}: ${JSON.stringify(value)}`)
  }
  return pool.run('issueCertificate', {
    caCertPem: input.caCertPem,
    caKeyPem: input.caKeyPem,
    subject: { O: input.org, OU: input.site, CN: input.nasId },
    sans: { uri: [nasUrn(input)] },
    usage: 'client',
    validDays: input.validDays,
  })
}
