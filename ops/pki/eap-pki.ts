// An org's EAP PKI on disk (requirements §3.1-3.2): its private EAP server CA and the default
// EAP server certificate it issues (`auth.<org>.example` unless named), and for the demo a client
// CA with one client certificate (SAN DNS carrying a device id). Files are reused while they
// parse, match and are not expiring, like the device PKI (demo-pki.ts), whatever their key type (an
// org that brought RSA keeps it). New files are ECDSA P-256 unless told RSA: a P-256 chain is
// about a third of an RSA-2048 one, so fewer EAP-TLS fragments and RADIUS round trips (DESIGN.md
// "Performance budget"; figures in bench/README.md). P-256 keys are made and signed on the
// calling thread (well under a millisecond each), RSA in the worker pool.
import { X509Certificate } from 'node:crypto'
import type { WorkerPool } from '../../workers/pool.js'
import type { CertificateAndKey, CreateCaInput, IssueCertificateInput } from '../../workers/tasks/certificate-types.js'
import { createEcCa, issueEcCertificate } from '../../workers/tasks/ec-certificate.js'
import { reusableCertificate } from './certificate-reuse.js'
import { defaultEapServerName } from './eap-server-name.js'
import { readPemPair, writePemPair, type PemPair, type PemPairNames } from './pem-files.js'

export const EapPkiFiles = {
  serverCa: { cert: 'eap-server-ca.pem', key: 'eap-server-ca-key.pem' },
  server: { cert: 'eap-server.pem', key: 'eap-server-key.pem' },
  clientCa: { cert: 'client-ca.pem', key: 'client-ca-key.pem' },
  client: { cert: 'client.pem', key: 'client-key.pem' },
  /** TEAP's user certificate (the machine's is client.pem): CN = the demo user, SAN rfc822Name. */
  user: { cert: 'user.pem', key: 'user-key.pem' },
} as const satisfies Record<string, PemPairNames>

const CA_DAYS = 3650
const LEAF_DAYS = 825

export interface EapPki {
  serverCa: PemPair
  server: PemPair
  clientCa: PemPair
  client: PemPair
  user: PemPair
  /** The demo user of the user certificate (TEAP) and of the local users (TTLS). */
  userName: string
  userEmail: string
  serverName: string
  deviceId: string
  written: string[]
}

/** Key type of newly issued EAP certificates. */
export type EapKeyType = 'ec-p256' | 'rsa-2048'

interface Issuer {
  createCa(input: CreateCaInput): Promise<CertificateAndKey>
  issue(input: IssueCertificateInput): Promise<CertificateAndKey>
}

function issuer(pool: WorkerPool, keyType: EapKeyType): Issuer {
  if (keyType === 'ec-p256') return { createCa: async (i) => createEcCa(i), issue: async (i) => issueEcCertificate(i) }
  return { createCa: (i) => pool.run('createCa', i), issue: (i) => pool.run('issueCertificate', i) }
}

export interface EapPkiOptions {
  /** Key type of certificates issued now (existing files are kept); default ECDSA P-256. */
  keyType?: EapKeyType
  /** DNS name of the EAP server certificate; default auth.<org>.example (requirements §3.2). */
  serverName?: string
  /** Device id carried in the demo client certificate's SAN DNS; default "<org>-device-1". */
  deviceId?: string
  /** The demo user of TEAP's user certificate; default "alice". */
  userName?: string
}

async function ensureCa(pool: Issuer, dir: string, names: PemPairNames, commonName: string, org: string, written: string[]): Promise<{ pair: PemPair; cert: X509Certificate }> {
  const existing = await readPemPair(dir, names)
  const cert = reusableCertificate(existing, { ca: true, subject: `O=${org}\nCN=${commonName}` })
  if (existing !== undefined && cert !== undefined) return { pair: existing, cert }
  const pair = await writePemPair(dir, names, await pool.createCa({ commonName, organization: org, validDays: CA_DAYS }))
  written.push(names.cert, names.key)
  return { pair, cert: new X509Certificate(pair.certPem) }
}

async function ensureLeaf(
  pool: Issuer, dir: string, names: PemPairNames, ca: { pair: PemPair; cert: X509Certificate }, org: string, cn: string,
  san: { dns: string } | { email: string }, usage: 'server' | 'client', written: string[],
): Promise<PemPair> {
  const existing = await readPemPair(dir, names)
  const ok = reusableCertificate(existing, { ca: false, subject: `O=${org}\nCN=${cn}`, issuer: ca.cert })
  // X509Certificate.subjectAltName spells rfc822Name "email:".
  const want = 'dns' in san ? `DNS:${san.dns}` : `email:${san.email}`
  if (existing !== undefined && ok !== undefined && (ok.subjectAltName ?? '').includes(want)) return existing
  const issued = await pool.issue({
    caCertPem: ca.pair.certPem, caKeyPem: ca.pair.keyPem, subject: { O: org, CN: cn },
    sans: 'dns' in san ? { dns: [san.dns] } : { email: [san.email] }, usage, validDays: LEAF_DAYS,
  })
  written.push(names.cert, names.key)
  return writePemPair(dir, names, issued)
}

/** Ensure `<dir>` holds the org's EAP server CA and certificate, and a demo client CA and certificate. */
export async function ensureEapPki(pool: WorkerPool, dir: string, org: string, opts: EapPkiOptions = {}): Promise<EapPki> {
  const serverName = opts.serverName ?? defaultEapServerName(org)
  const deviceId = opts.deviceId ?? `${org}-device-1`
  const written: string[] = []
  const issue = issuer(pool, opts.keyType ?? 'ec-p256')
  const serverCa = await ensureCa(issue, dir, EapPkiFiles.serverCa, `${org} EAP server CA`, org, written)
  const server = await ensureLeaf(issue, dir, EapPkiFiles.server, serverCa, org, serverName, { dns: serverName }, 'server', written)
  const clientCa = await ensureCa(issue, dir, EapPkiFiles.clientCa, `${org} client CA`, org, written)
  const client = await ensureLeaf(issue, dir, EapPkiFiles.client, clientCa, org, deviceId, { dns: deviceId }, 'client', written)
  const userName = opts.userName ?? 'alice'
  const userEmail = `${userName}@${org}.example`
  const user = await ensureLeaf(issue, dir, EapPkiFiles.user, clientCa, org, userName, { email: userEmail }, 'client', written)
  return { serverCa: serverCa.pair, server, clientCa: clientCa.pair, client, user, userName, userEmail, serverName, deviceId, written }
}
