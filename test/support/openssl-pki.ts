// Certificates made with the openssl command line: an independent toolchain for the certificates
// the tests need beside the service's own PKI (a foreign CA, a throwaway server certificate).
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface PemPair { cert: string; key: string }

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
}

const KEY_ARGS = { ec: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], rsa: ['-newkey', 'rsa:2048'] } as const

/** A self-signed CA: <dir>/<name>.pem and <name>-key.pem (ECDSA P-256 unless told RSA). */
export function opensslCa(dir: string, name: string, subject: string, key: 'ec' | 'rsa' = 'ec'): PemPair {
  openssl(['req', '-x509', ...KEY_ARGS[key], '-nodes', '-days', '30', '-subj', subject,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout', `${name}-key.pem`, '-out', `${name}.pem`], dir)
  return { cert: join(dir, `${name}.pem`), key: join(dir, `${name}-key.pem`) }
}

/** A leaf signed by ca, with the extensions given in openssl's extfile syntax. */
export function opensslLeaf(dir: string, ca: PemPair, name: string, subject: string, extensions: string): PemPair {
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', subject,
    '-keyout', `${name}-key.pem`, '-out', `${name}.csr`], dir)
  writeFileSync(join(dir, `${name}.ext`), extensions)
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '30',
    '-extfile', `${name}.ext`, '-out', `${name}.pem`], dir)
  return { cert: join(dir, `${name}.pem`), key: join(dir, `${name}-key.pem`) }
}

export const SERVER_EXT = 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n'
export const CLIENT_EXT = 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n'
