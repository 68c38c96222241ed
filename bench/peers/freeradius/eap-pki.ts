// EAP-TLS certificates for a FreeRADIUS peer started without a cluster beside it, made with the
// openssl command in the demo's layout (ops/pki/eap-pki.ts file names): an EAP server CA and its
// server certificate (auth.demo.example), a client CA and one client certificate
// (demo-device-1). ECDSA P-256 throughout: the compact chain DESIGN.md's budget assumes. Beside
// it an RSA-2048 client CA and client (`--eap-client-key rsa`, the same name), trusted with the
// ECDSA one: `clientCa` holds both CA certificates. TEAP's user certificate (`user.pem`, CN alice,
// SAN email alice@demo.example) comes from the ECDSA client CA, as the demo's does.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { EapTlsFiles } from '../../supplicant/credentials.js'

export interface EapPkiFiles extends EapTlsFiles {
  clientCert: string
  clientKey: string
  serverCert: string
  serverKey: string
  /** Both client CAs (ECDSA and RSA) in one PEM file. */
  clientCa: string
  /** The ECDSA client CA alone and its key: `--eap-client-certs per-client` issues each client's certificate with them. */
  ecClientCaCert: string
  ecClientCaKey: string
  /** The RSA-2048 client certificate and key (same name, under the RSA client CA). */
  rsaClientCert: string
  rsaClientKey: string
  /** TEAP's user certificate and key (the client certificate is the machine's). */
  userCert: string
  userKey: string
  userIdentity: string
}

export const DEMO_EAP_SERVER_NAME = 'auth.demo.example'
export const DEMO_EAP_IDENTITY = 'demo-device-1'
export const DEMO_TEAP_USER = 'alice'

const ssl = (dir: string, args: string[]): void => { execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] }) }

/** A CA (`<name>.pem`, `<name>-key.pem`) in `dir`. */
export function opensslEcCa(dir: string, name: string, subject: string): void {
  ssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}-key.pem`])
  ssl(dir, ['req', '-x509', '-new', '-key', `${name}-key.pem`, '-days', '30', '-subj', subject, '-out', `${name}.pem`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'])
}

/** A leaf (`<name>.pem`, `<name>-key.pem`) signed by CA `<ca>` in `dir`. */
export function opensslEcLeaf(dir: string, ca: string, name: string, subject: string, usage: 'serverAuth' | 'clientAuth', dns: string, san = `DNS:${dns}`): void {
  ssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}-key.pem`])
  ssl(dir, ['req', '-new', '-key', `${name}-key.pem`, '-subj', subject, '-out', `${name}.csr`])
  writeFileSync(join(dir, `${name}.ext`), `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=${usage}\nsubjectAltName=${san}\n`)
  ssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}-key.pem`, '-CAcreateserial', '-days', '30',
    '-extfile', `${name}.ext`, '-out', `${name}.pem`])
}

/** An RSA-2048 CA and a client leaf under it (`<name>.pem`, `<name>-key.pem`). */
export function opensslRsaClient(dir: string, ca: string, name: string, subject: string, dns: string): void {
  ssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${ca}-key.pem`, '-days', '30', '-subj', '/O=demo/CN=demo RSA client CA', '-out', `${ca}.pem`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'])
  ssl(dir, ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}-key.pem`, '-subj', subject, '-out', `${name}.csr`])
  writeFileSync(join(dir, `${name}.ext`), `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectAltName=DNS:${dns}\n`)
  ssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}-key.pem`, '-CAcreateserial', '-days', '30',
    '-extfile', `${name}.ext`, '-out', `${name}.pem`])
}

export function makeEapPki(dir: string): EapPkiFiles {
  opensslEcCa(dir, 'eap-server-ca', '/O=demo/CN=demo EAP server CA')
  opensslEcLeaf(dir, 'eap-server-ca', 'eap-server', `/O=demo/CN=${DEMO_EAP_SERVER_NAME}`, 'serverAuth', DEMO_EAP_SERVER_NAME)
  opensslEcCa(dir, 'ec-client-ca', '/O=demo/CN=demo client CA')
  opensslEcLeaf(dir, 'ec-client-ca', 'client', `/O=demo/CN=${DEMO_EAP_IDENTITY}`, 'clientAuth', DEMO_EAP_IDENTITY)
  opensslEcLeaf(dir, 'ec-client-ca', 'user', `/O=demo/CN=${DEMO_TEAP_USER}`, 'clientAuth', DEMO_TEAP_USER, `email:${DEMO_TEAP_USER}@demo.example`)
  opensslRsaClient(dir, 'rsa-client-ca', 'rsa-client', `/O=demo/CN=${DEMO_EAP_IDENTITY}`, DEMO_EAP_IDENTITY)
  writeFileSync(join(dir, 'client-ca.pem'), readFileSync(join(dir, 'ec-client-ca.pem'), 'utf8') + readFileSync(join(dir, 'rsa-client-ca.pem'), 'utf8'))
  return {
    serverCert: join(dir, 'eap-server.pem'), serverKey: join(dir, 'eap-server-key.pem'), clientCa: join(dir, 'client-ca.pem'),
    ecClientCaCert: join(dir, 'ec-client-ca.pem'), ecClientCaKey: join(dir, 'ec-client-ca-key.pem'),
    rsaClientCert: join(dir, 'rsa-client.pem'), rsaClientKey: join(dir, 'rsa-client-key.pem'),
    clientCert: join(dir, 'client.pem'), clientKey: join(dir, 'client-key.pem'),
    userCert: join(dir, 'user.pem'), userKey: join(dir, 'user-key.pem'), userIdentity: DEMO_TEAP_USER, serverCa: join(dir, 'eap-server-ca.pem'),
    serverName: DEMO_EAP_SERVER_NAME, identity: DEMO_EAP_IDENTITY,
  }
}
