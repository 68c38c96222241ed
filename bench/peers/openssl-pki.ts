// Certificates for a RadSec target the bench starts without a cluster beside it (FreeRADIUS
// alone), made with the openssl command: one CA (ECDSA P-256) that signs the server certificate
// and the NAS certificate (O=demo, OU=hq, CN=bench-nas, as our device CA would).
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface BenchPki {
  caFile: string
  serverCertFile: string
  serverKeyFile: string
  nasCertFile: string
  nasKeyFile: string
}

const ssl = (dir: string, args: string[]): void => { execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] }) }

export function makeOpensslPki(dir: string): BenchPki {
  const key = (name: string): void => ssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', name])
  key('ca-key.pem')
  ssl(dir, ['req', '-x509', '-new', '-key', 'ca-key.pem', '-days', '30', '-subj', '/O=bench/CN=bench RadSec CA', '-out', 'ca.pem',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'])
  const leaf = (name: string, subj: string, ext: string): void => {
    key(`${name}-key.pem`)
    ssl(dir, ['req', '-new', '-key', `${name}-key.pem`, '-subj', subj, '-out', `${name}.csr`])
    writeFileSync(join(dir, `${name}.ext`), ext)
    ssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '30', '-extfile', `${name}.ext`, '-out', `${name}.pem`])
  }
  leaf('server', '/O=bench/CN=localhost', 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n')
  leaf('nas', '/O=demo/OU=hq/CN=bench-nas', 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n')
  return {
    caFile: join(dir, 'ca.pem'), serverCertFile: join(dir, 'server.pem'), serverKeyFile: join(dir, 'server-key.pem'),
    nasCertFile: join(dir, 'nas.pem'), nasKeyFile: join(dir, 'nas-key.pem'),
  }
}
