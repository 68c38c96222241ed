// Test PKI made by the real openssl CLI (an independent toolchain): a root, an issuing CA run with
// `openssl ca` (its own index.txt, so `-revoke`, `-gencrl` and `openssl ocsp -index` work on it),
// leaves with chosen extensions and dates, CRLs and an OCSP signing certificate.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Issued { name: string; pem: string; der: Uint8Array; certPath: string; keyPath: string }

export function openssl(args: string[], cwd: string): string {
  return execFileSync('openssl', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

function pemToDer(pem: string): Uint8Array {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')
  return new Uint8Array(Buffer.from(b64, 'base64'))
}

function issued(dir: string, name: string): Issued {
  const certPath = join(dir, `${name}.pem`)
  const pem = readFileSync(certPath, 'utf8')
  const start = pem.indexOf('-----BEGIN CERTIFICATE-----')
  const clean = pem.slice(start)
  return { name, pem: clean, der: pemToDer(clean), certPath, keyPath: join(dir, `${name}-key.pem`) }
}

const CA_EXT = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n'

/** Leaf extension text for a client certificate, with optional CDP and AIA OCSP URLs. */
export function clientExt(opts: { crlUrl?: string; ocspUrl?: string; eku?: string; san?: string } = {}): string {
  return [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature',
    `extendedKeyUsage=${opts.eku ?? 'clientAuth'}`,
    'subjectKeyIdentifier=hash',
    'authorityKeyIdentifier=keyid',
    ...(opts.san ? [`subjectAltName=${opts.san}`] : []),
    ...(opts.crlUrl ? [`crlDistributionPoints=URI:${opts.crlUrl}`] : []),
    ...(opts.ocspUrl ? [`authorityInfoAccess=OCSP;URI:${opts.ocspUrl}`] : []),
  ].join('\n') + '\n'
}

export class OpensslPki {
  readonly dir: string
  readonly root: Issued
  readonly issuing: Issued

  constructor(prefix = 'nac-certval-') {
    this.dir = mkdtempSync(join(tmpdir(), prefix))
    const d = this.dir
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '365',
      '-subj', '/O=Test Org/CN=Test Root CA', '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-keyout', 'root-key.pem', '-out', 'root.pem'], d)
    this.root = issued(d, 'root')
    this.signWithX509('issuing', '/O=Test Org/CN=Issuing CA', this.root, CA_EXT.replace('CA:TRUE', 'CA:TRUE,pathlen:0'))
    this.issuing = issued(d, 'issuing')
    mkdirSync(join(d, 'newcerts'))
    writeFileSync(join(d, 'index.txt'), '')
    writeFileSync(join(d, 'serial'), '1000\n')
    writeFileSync(join(d, 'crlnumber'), '01\n')
    writeFileSync(join(d, 'ca.cnf'), [
      '[ca]', 'default_ca = issuing', '[issuing]', `dir = ${d}`, 'database = $dir/index.txt',
      'new_certs_dir = $dir/newcerts', 'serial = $dir/serial', 'crlnumber = $dir/crlnumber',
      'certificate = $dir/issuing.pem', 'private_key = $dir/issuing-key.pem', 'default_md = sha256',
      'policy = any', 'unique_subject = no', 'copy_extensions = none', 'default_days = 30', 'default_crl_days = 1',
      '[any]', 'organizationName = optional', 'commonName = supplied', '',
    ].join('\n'))
  }

  /** A certificate signed by `ca` with `openssl x509 -req` (for CAs outside the `openssl ca` database). */
  signWithX509(name: string, subject: string, ca: Issued, ext: string): Issued {
    const d = this.dir
    openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', subject,
      '-keyout', `${name}-key.pem`, '-out', `${name}.csr`], d)
    writeFileSync(join(d, `${name}.ext`), ext)
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', ca.certPath, '-CAkey', ca.keyPath, '-CAcreateserial',
      '-days', '60', '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.pem`], d)
    return issued(d, name)
  }

  /** A certificate issued by the issuing CA with `openssl ca` (recorded in index.txt). Dates as YYYYMMDDHHMMSSZ. */
  issue(name: string, subject: string, ext: string, dates: { start?: string; end?: string } = {}): Issued {
    const d = this.dir
    openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', subject,
      '-keyout', `${name}-key.pem`, '-out', `${name}.csr`], d)
    writeFileSync(join(d, `${name}.ext`), `[ext]\n${ext}`)
    openssl(['ca', '-config', 'ca.cnf', '-batch', '-notext', '-in', `${name}.csr`, '-out', `${name}.pem`,
      '-extfile', `${name}.ext`, '-extensions', 'ext',
      ...(dates.start ? ['-startdate', dates.start] : []), ...(dates.end ? ['-enddate', dates.end] : [])], d)
    return issued(d, name)
  }

  /** `openssl ca -revoke` with a CRL reason. */
  revoke(cert: Issued, reason = 'keyCompromise'): void {
    openssl(['ca', '-config', 'ca.cnf', '-revoke', cert.certPath, '-crl_reason', reason], this.dir)
  }

  /** `openssl ca -gencrl`, returned as DER and written to <file> (DER). */
  genCrl(file = 'issuing.crl', opts: { hours?: number } = {}): Uint8Array {
    const d = this.dir
    openssl(['ca', '-config', 'ca.cnf', '-gencrl', '-crlhours', String(opts.hours ?? 24), '-out', 'crl.pem'], d)
    openssl(['crl', '-in', 'crl.pem', '-outform', 'DER', '-out', file], d)
    return new Uint8Array(readFileSync(join(d, file)))
  }

  /** An OCSP signing certificate for the issuing CA (a CA Designated Responder, RFC 6960 §4.2.2.2). */
  ocspSigner(): Issued {
    return this.issue('ocsp-signer', '/O=Test Org/CN=OCSP Responder',
      'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=OCSPSigning\n')
  }

  path(name: string): string { return join(this.dir, name) }

  dispose(): void { rmSync(this.dir, { recursive: true, force: true }) }
}

/** YYYYMMDDHHMMSSZ for a Date, as `openssl ca -startdate/-enddate` takes. */
export function asn1Time(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z')
}
