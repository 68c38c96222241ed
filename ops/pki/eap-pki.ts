// An org's EAP PKI on disk (requirements §3.1-3.2): its private EAP server CA and the default
// EAP server certificate it issues (`auth.<org>.example` unless named), and for the demo a client
// CA with one client certificate (SAN DNS carrying a device id). Files are reused while they
// parse, match and are not expiring, like the device PKI (demo-pki.ts).
import { X509Certificate } from 'node:crypto'
import type { WorkerPool } from '../../workers/pool.js'
import { reusableCertificate } from './certificate-reuse.js'
import { readPemPair, writePemPair, type PemPair, type PemPairNames } from './pem-files.js'

export const EapPkiFiles = {
  serverCa: { cert: 'eap-server-ca.pem', key: 'eap-server-ca-key.pem' },
  server: { cert: 'eap-server.pem', key: 'eap-server-key.pem' },
  clientCa: { cert: 'client-ca.pem', key: 'client-ca-key.pem' },
  client: { cert: 'client.pem', key: 'client-key.pem' },
} as const satisfies Record<string, PemPairNames>

const CA_DAYS = 3650
const LEAF_DAYS = 825

export interface EapPki {
  serverCa: PemPair
  server: PemPair
  clientCa: PemPair
  client: PemPair
  serverName: string
  deviceId: string
  written: string[]
}

export interface EapPkiOptions {
  /** DNS name of the EAP server certificate; default auth.<org>.example (requirements §3.2). */
  serverName?: string
  /** Device id carried in the demo client certificate's SAN DNS; default "<org>-device-1". */
  deviceId?: string
}

async function ensureCa(pool: WorkerPool, dir: string, names: PemPairNames, commonName: string, org: string, written: string[]): Promise<{ pair: PemPair; cert: X509Certificate }> {
  const existing = await readPemPair(dir, names)
  const cert = reusableCertificate(existing, { ca: true, subject: `O=${org}\nCN=${commonName}` })
  if (existing !== undefined && cert !== undefined) return { pair: existing, cert }
  const pair = await writePemPair(dir, names, await pool.run('createCa', { commonName, organization: org, validDays: CA_DAYS }))
  written.push(names.cert, names.key)
  return { pair, cert: new X509Certificate(pair.certPem) }
}

async function ensureLeaf(
  pool: WorkerPool, dir: string, names: PemPairNames, ca: { pair: PemPair; cert: X509Certificate }, org: string, cn: string,
  dns: string, usage: 'server' | 'client', written: string[],
): Promise<PemPair> {
  const existing = await readPemPair(dir, names)
  const ok = reusableCertificate(existing, { ca: false, subject: `O=${org}\nCN=${cn}`, issuer: ca.cert })
  if (existing !== undefined && ok !== undefined && (ok.subjectAltName ?? '').includes(`DNS:${dns}`)) return existing
  const issued = await pool.run('issueCertificate', {
    caCertPem: ca.pair.certPem, caKeyPem: ca.pair.keyPem, subject: { O: org, CN: cn }, sans: { dns: [dns] }, usage, validDays: LEAF_DAYS,
  })
  written.push(names.cert, names.key)
  return writePemPair(dir, names, issued)
}

/** Ensure `<dir>` holds the org's EAP server CA and certificate, and a demo client CA and certificate. */
export async function ensureEapPki(pool: WorkerPool, dir: string, org: string, opts: EapPkiOptions = {}): Promise<EapPki> {
  const serverName = opts.serverName ?? `auth.${org}.example`
  const deviceId = opts.deviceId ?? `${org}-device-1`
  const written: string[] = []
  const serverCa = await ensureCa(pool, dir, EapPkiFiles.serverCa, `${org} EAP server CA`, org, written)
  const server = await ensureLeaf(pool, dir, EapPkiFiles.server, serverCa, org, serverName, serverName, 'server', written)
  const clientCa = await ensureCa(pool, dir, EapPkiFiles.clientCa, `${org} client CA`, org, written)
  const client = await ensureLeaf(pool, dir, EapPkiFiles.client, clientCa, org, deviceId, deviceId, 'client', written)
  return { serverCa: serverCa.pair, server, clientCa: clientCa.pair, client, serverName, deviceId, written }
}
