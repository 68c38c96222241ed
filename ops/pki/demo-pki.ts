// The PKI the embedded default runs with, on disk, created once and reused: an org's device CA
// and one NAS certificate (RadSec client, RFC 6614), and the cluster's RadSec server CA and the
// gateway's server certificate. Files that parse, match and are not expiring within 30 days are
// kept; anything else is issued again (a new CA re-issues what hangs below it).
import { X509Certificate } from 'node:crypto'
import { TOKEN_RE } from '../../proto/wire/subjects.js'
import type { WorkerPool } from '../../workers/pool.js'
import { issueNasCertificate } from './issue-nas-certificate.js'
import { readPemPair, writePemPair, type PemPair, type PemPairNames } from './pem-files.js'
import { reusableCertificate } from './certificate-reuse.js'

export const OrgPkiFiles = {
  deviceCa: { cert: 'device-ca.pem', key: 'device-ca-key.pem' },
  nas: { cert: 'nas.pem', key: 'nas-key.pem' },
} as const satisfies Record<string, PemPairNames>

export const RadsecServerPkiFiles = {
  ca: { cert: 'radsec-ca.pem', key: 'radsec-ca-key.pem' },
  server: { cert: 'radsec-server.pem', key: 'radsec-server-key.pem' },
} as const satisfies Record<string, PemPairNames>

const CA_DAYS = 3650
const LEAF_DAYS = 825

export interface OrgPki {
  org: string
  /** The site the NAS certificate names: the first of `sites`. */
  site: string
  nasId: string
  deviceCa: PemPair
  nas: PemPair
  /** File names written by this call (empty when everything was reused). */
  written: string[]
}

export interface RadsecServerPki {
  ca: PemPair
  server: PemPair
  written: string[]
}

export interface OrgPkiOptions {
  /** CN of the NAS certificate; default "demo-nas". */
  nasId?: string
}

async function ensureCa(
  pool: WorkerPool, dir: string, names: PemPairNames, commonName: string, organization: string, written: string[],
): Promise<{ pair: PemPair; cert: X509Certificate }> {
  const subject = `O=${organization}\nCN=${commonName}`
  const existing = await readPemPair(dir, names)
  const cert = reusableCertificate(existing, { ca: true, subject })
  if (existing !== undefined && cert !== undefined) return { pair: existing, cert }
  const created = await pool.run('createCa', { commonName, organization, validDays: CA_DAYS })
  const pair = await writePemPair(dir, names, created)
  written.push(names.cert, names.key)
  return { pair, cert: new X509Certificate(pair.certPem) }
}

/**
 * Ensure `<dir>` holds the org's device CA (CN "<org> device CA", O=<org>) and a NAS client
 * certificate from it (O=<org>, OU=<sites[0]>, CN=<nasId>, SAN URI urn:nac:nas:...).
 */
export async function ensureOrgPki(pool: WorkerPool, dir: string, org: string, sites: string[], opts: OrgPkiOptions = {}): Promise<OrgPki> {
  const site = sites[0]
  if (!TOKEN_RE.test(org)) throw new TypeError(`org must match ${String(TOKEN_RE)}: ${JSON.stringify(org)}`)
  if (site === undefined) throw new TypeError(`org ${org} has no site to issue its NAS certificate for`)
  const nasId = opts.nasId ?? 'demo-nas'
  const written: string[] = []
  const ca = await ensureCa(pool, dir, OrgPkiFiles.deviceCa, `${org} device CA`, org, written)

  const existing = await readPemPair(dir, OrgPkiFiles.nas)
  const subject = `O=${org}\nOU=${site}\nCN=${nasId}`
  let nas = reusableCertificate(existing, { ca: false, subject, issuer: ca.cert }) === undefined ? undefined : existing
  if (nas === undefined) {
    const issued = await issueNasCertificate(pool, {
      caCertPem: ca.pair.certPem, caKeyPem: ca.pair.keyPem, org, site, nasId, validDays: LEAF_DAYS,
    })
    nas = await writePemPair(dir, OrgPkiFiles.nas, issued)
    written.push(OrgPkiFiles.nas.cert, OrgPkiFiles.nas.key)
  }
  return { org, site, nasId, deviceCa: ca.pair, nas, written }
}

/**
 * Ensure `<dir>` holds the cluster's RadSec server CA and the gateway server certificate
 * (CN localhost, SAN DNS localhost, IP 127.0.0.1 and ::1; serverAuth).
 */
export async function ensureRadsecServerPki(pool: WorkerPool, dir: string): Promise<RadsecServerPki> {
  const written: string[] = []
  const ca = await ensureCa(pool, dir, RadsecServerPkiFiles.ca, 'nac-cluster RadSec CA', 'nac-cluster', written)
  const existing = await readPemPair(dir, RadsecServerPkiFiles.server)
  const subject = 'O=nac-cluster\nCN=localhost'
  let server = reusableCertificate(existing, { ca: false, subject, issuer: ca.cert }) === undefined ? undefined : existing
  if (server === undefined) {
    const issued = await pool.run('issueCertificate', {
      caCertPem: ca.pair.certPem,
      caKeyPem: ca.pair.keyPem,
      subject: { O: 'nac-cluster', CN: 'localhost' },
      sans: { dns: ['localhost'], ip: ['127.0.0.1', '::1'] },
      usage: 'server',
      validDays: LEAF_DAYS,
    })
    server = await writePemPair(dir, RadsecServerPkiFiles.server, issued)
    written.push(RadsecServerPkiFiles.server.cert, RadsecServerPkiFiles.server.key)
  }
  return { ca: ca.pair, server, written }
}
