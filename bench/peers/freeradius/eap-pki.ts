// EAP-TLS certificates for a FreeRADIUS peer started without a cluster beside it, made with the
// openssl command in the demo's layout (ops/pki/eap-pki.ts file names): an EAP server CA and its
// server certificate (auth.demo.example), a client CA and one client certificate
// (demo-device-1). ECDSA P-256 throughout: the compact chain DESIGN.md's budget assumes.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { EapTlsFiles } from '../../supplicant/credentials.js'

export interface EapPkiFiles extends EapTlsFiles {
  serverCert: string
  serverKey: string
  clientCa: string
}

export const DEMO_EAP_SERVER_NAME = 'auth.demo.example'
export const DEMO_EAP_IDENTITY = 'demo-device-1'

const ssl = (dir: string, args: string[]): void => { execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] }) }

/** A CA (`<name>.pem`, `<name>-key.pem`) in `dir`. */
export function opensslEcCa(dir: string, name: string, subject: string): void {
  ssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}-key.pem`])
  ssl(dir, ['req', '-x509', '-new', '-key', `${name}-key.pem`, '-days', '30', '-subj', subject, '-out', `${name}.pem`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'])
}

/** A leaf (`<name>.pem`, `<name>-key.pem`) signed by CA `<ca>` in `dir`. */
export function opensslEcLeaf(dir: string, ca: string, name: string, subject: string, usage: 'serverAuth' | 'clientAuth', dns: string): void {
  ssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}-key.pem`])
  ssl(dir, ['req', '-new', '-key', `${name}-key.pem`, '-subj', subject, '-out', `${name}.csr`])
  writeFileSync(join(dir, `${name}.ext`), `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=${usage}\nsubjectAltName=DNS:${dns}\n`)
  ssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}-key.pem`, '-CAcreateserial', '-days', '30',
    '-extfile', `${name}.ext`, '-out', `${name}.pem`])
}

export function makeEapPki(dir: string): EapPkiFiles {
  opensslEcCa(dir, 'eap-server-ca', '/O=demo/CN=demo EAP server CA')
  opensslEcLeaf(dir, 'eap-server-ca', 'eap-server', `/O=demo/CN=${DEMO_EAP_SERVER_NAME}`, 'serverAuth', DEMO_EAP_SERVER_NAME)
  opensslEcCa(dir, 'client-ca', '/O=demo/CN=demo client CA')
  opensslEcLeaf(dir, 'client-ca', 'client', `/O=demo/CN=${DEMO_EAP_IDENTITY}`, 'clientAuth', DEMO_EAP_IDENTITY)
  return {
    serverCert: join(dir, 'eap-server.pem'), serverKey: join(dir, 'eap-server-key.pem'), clientCa: join(dir, 'client-ca.pem'),
    clientCert: join(dir, 'client.pem'), clientKey: join(dir, 'client-key.pem'), serverCa: join(dir, 'eap-server-ca.pem'),
    serverName: DEMO_EAP_SERVER_NAME, identity: DEMO_EAP_IDENTITY,
  }
}
