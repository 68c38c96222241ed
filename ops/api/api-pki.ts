// The admin API's TLS certificate: a CA of its own (like the RadSec server PKI in ops/pki) and a
// server certificate for localhost / 127.0.0.1 / ::1, on disk, reused while valid. Clients trust
// the CA file (the demo contract: .data/demo/api-ca.pem).
import { X509Certificate } from 'node:crypto'
import type { WorkerPool } from '../../workers/pool.js'
import { reusableCertificate } from '../pki/certificate-reuse.js'
import { readPemPair, writePemPair, type PemPair, type PemPairNames } from '../pki/pem-files.js'

export const ApiPkiFiles = {
  ca: { cert: 'api-ca.pem', key: 'api-ca-key.pem' },
  server: { cert: 'api-server.pem', key: 'api-server-key.pem' },
} as const satisfies Record<string, PemPairNames>

export interface ApiPki {
  ca: PemPair
  server: PemPair
}

const ORG = 'nac-cluster'

/** Ensure `<dir>` holds the API CA and its server certificate; issue what is missing or expiring. */
export async function ensureApiPki(pool: WorkerPool, dir: string): Promise<ApiPki> {
  const caSubject = `O=${ORG}\nCN=nac-cluster admin API CA`
  let ca = await readPemPair(dir, ApiPkiFiles.ca)
  let caCert = reusableCertificate(ca, { ca: true, subject: caSubject })
  if (ca === undefined || caCert === undefined) {
    ca = await writePemPair(dir, ApiPkiFiles.ca, await pool.run('createCa', { commonName: 'nac-cluster admin API CA', organization: ORG, validDays: 3650 }))
    caCert = new X509Certificate(ca.certPem)
  }
  let server = await readPemPair(dir, ApiPkiFiles.server)
  if (reusableCertificate(server, { ca: false, subject: `O=${ORG}\nCN=localhost`, issuer: caCert }) === undefined) {
    server = await writePemPair(dir, ApiPkiFiles.server, await pool.run('issueCertificate', {
      caCertPem: ca.certPem,
      caKeyPem: ca.keyPem,
      subject: { O: ORG, CN: 'localhost' },
      sans: { dns: ['localhost'], ip: ['127.0.0.1', '::1'] },
      usage: 'server',
      validDays: 825,
    }))
  }
  return { ca, server: server! }
}
