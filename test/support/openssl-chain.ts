// Server certificate chains made by the openssl command line, with the knobs the import checks
// need to see broken: key type and size, signature digest, extensions (none: an X.509 v1
// certificate), issuer. An independent toolchain: nothing here comes from the code under test.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export type KeySpec = 'ec-p256' | 'ec-p384' | 'ec-p521' | 'ec-k256' | 'rsa-2048' | 'rsa-1024' | 'ed25519'

const KEY_ARGS: Record<KeySpec, string[]> = {
  'ec-p256': ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  'ec-p384': ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'],
  'ec-p521': ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-521'],
  'ec-k256': ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:secp256k1'],
  'rsa-2048': ['-newkey', 'rsa:2048'],
  'rsa-1024': ['-newkey', 'rsa:1024'],
  ed25519: ['-newkey', 'ed25519'],
}

export const CA_EXT = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n'
export const SERVER_EXT = 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:radius.acme.test\n'

export interface Issued {
  name: string
  certPath: string
  keyPath: string
  cert: string
  key: string
}

export interface LeafOptions {
  subject?: string
  key?: KeySpec
  /** openssl digest option, e.g. sha1; default sha256. */
  digest?: string
  /** extfile text; undefined: no extensions at all, so openssl writes an X.509 v1 certificate. */
  ext?: string | undefined
  /** Validity in days from now. */
  days?: number
  /** Extra `openssl x509 -req` arguments (e.g. -sigopt rsa_padding_mode:pss). */
  sign?: string[]
}

export class OpensslChain {
  constructor(readonly dir: string) {}

  run(args: string[]): string {
    return execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString()
  }

  private read(name: string): Issued {
    const certPath = join(this.dir, `${name}.pem`)
    const keyPath = join(this.dir, `${name}-key.pem`)
    return { name, certPath, keyPath, cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') }
  }

  /** A self-signed root CA. */
  root(name: string, o: { key?: KeySpec; digest?: string; subject?: string } = {}): Issued {
    this.run(['req', '-x509', ...KEY_ARGS[o.key ?? 'ec-p256'], '-nodes', `-${o.digest ?? 'sha256'}`, '-days', '30', '-subj', o.subject ?? `/O=acme/CN=${name}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
      '-keyout', `${name}-key.pem`, '-out', `${name}.pem`])
    return this.read(name)
  }

  /** A certificate signed by `issuer`: a leaf by default, an intermediate with CA_EXT. */
  issue(name: string, issuer: Issued, o: LeafOptions = {}): Issued {
    this.run(['req', ...KEY_ARGS[o.key ?? 'ec-p256'], '-nodes', '-subj', o.subject ?? `/O=acme/CN=${name}`, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`])
    const ext = o.ext === undefined ? [] : (writeFileSync(join(this.dir, `${name}.ext`), o.ext), ['-extfile', `${name}.ext`])
    this.run(['x509', '-req', '-in', `${name}.csr`, '-CA', issuer.certPath, '-CAkey', issuer.keyPath, '-CAcreateserial', '-days', String(o.days ?? 30),
      `-${o.digest ?? 'sha256'}`, ...(o.sign ?? []), ...ext, '-out', `${name}.pem`])
    return this.read(name)
  }

  /** The key of `i` encrypted: PKCS#8 (RFC 5958) or, for RSA, OpenSSL's traditional PEM encryption. */
  encryptKey(i: Issued, passphrase: string, form: 'pkcs8' | 'traditional-rsa'): string {
    const out = `${i.name}-enc-${form}.pem`
    if (form === 'pkcs8') this.run(['pkcs8', '-topk8', '-in', i.keyPath, '-v2', 'aes-256-cbc', '-passout', `pass:${passphrase}`, '-out', out])
    else this.run(['rsa', '-in', i.keyPath, '-aes256', '-traditional', '-passout', `pass:${passphrase}`, '-out', out])
    return readFileSync(join(this.dir, out), 'utf8')
  }

  /** SHA-256 fingerprint as openssl prints it, made lower-case hex without colons. */
  fingerprint(pem: string): string {
    const path = join(this.dir, `fp-${Math.random().toString(36).slice(2)}.pem`)
    writeFileSync(path, pem)
    const line = this.run(['x509', '-in', path, '-noout', '-fingerprint', '-sha256'])
    return line.trim().replace(/^.*=/, '').replace(/:/g, '').toLowerCase()
  }
}
