// One client certificate per simulated client (`--eap-client-certs per-client`): every client gets
// its own ECDSA P-256 key and leaf (RFC 5480, RFC 5758 §3.2) signed by the EAP client CA, CN
// `<identity>-<index>` (and SAN DNS the same, as the demo device's), extKeyUsage id-kp-clientAuth
// (RFC 5280 §4.2.1.12), and sends that CN as
// its EAP identity (RFC 5216 §5.2 lets the server compare the identity with the certificate). A
// server then sees as many certificates as there are clients, not one for every session, so what
// it remembers per presented chain is hit only when the same device comes back. All are issued at
// construction (before warm-up, outside the measured client CPU: about 1.2 ms each on the 2 vCPU
// bench machine, bench/README.md); the node:tls contexts (about 1 ms each) are built on a client's
// first use of them and kept, so they count as client work.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto'
import { createSecureContext, type SecureContext } from 'node:tls'
import { issueEcCertificate } from '../../workers/tasks/ec-certificate.js'
import type { LeanTlsCredentials } from './credentials.js'
import { withServerTrust } from './server-trust.js'
import type { TrustStore } from './tls13/index.js'

/** The TLS versions of EAP-TLS (credentials.ts builds one context per version). */
export type ClientTlsVersion = '1.2' | '1.3'

export interface ClientCertificatesOptions {
  /** The EAP client CA (PEM) the server trusts, and its private key. */
  caCertPem: string
  caKeyPem: string
  /** The configured EAP identity: client i's CN and identity are `<identity>-<i>`. */
  identity: string
  /** Clients 0 .. count-1 (the population's indexes). */
  count: number
  /** The CA of the EAP server's certificate, as a TrustStore (the lean client's, and node:tls's via server-trust.ts). */
  trust: TrustStore
  /** Validity of each leaf in days (default 30, as the bench's openssl PKI). */
  validDays?: number
}

/** What one simulated client presents: its identity, its key and leaf for both TLS clients. */
export interface OwnCredentials {
  /** `<identity>-<index>`: the certificate's CN, sent as EAP identity and User-Name. */
  identity: string
  certPem: string
  keyPem: string
  /** For the lean TLS 1.3 client: this client's key and leaf, the shared server trust. */
  lean: LeanTlsCredentials
  /** For node:tls: this client's context of that TLS version, built on first use and kept. */
  context(version: ClientTlsVersion): SecureContext
}

/** The per-client identity scheme: CN and EAP identity of client `index`. */
export function perClientIdentity(identity: string, index: number): string {
  return `${identity}-${index}`
}

class IssuedClient implements OwnCredentials {
  private readonly contexts = new Map<ClientTlsVersion, SecureContext>()

  constructor(
    readonly identity: string,
    readonly certPem: string,
    readonly keyPem: string,
    readonly lean: LeanTlsCredentials,
  ) {}

  context(version: ClientTlsVersion): SecureContext {
    let c = this.contexts.get(version)
    if (c === undefined) {
      const v = version === '1.2' ? 'TLSv1.2' : 'TLSv1.3'
      // node:tls ignores minVersion/maxVersion beside a secureContext: the versions live in it (credentials.ts).
      c = withServerTrust(createSecureContext({ cert: this.certPem, key: this.keyPem, minVersion: v, maxVersion: v }), this.lean.trust)
      this.contexts.set(version, c)
    }
    return c
  }
}

/** Every simulated client's own certificate, issued at construction. */
export class ClientCertificates {
  private readonly clients: IssuedClient[]
  /** Wall time the issuance took, ms (the CLI prints it). */
  readonly issueMs: number

  constructor(o: ClientCertificatesOptions) {
    if (!Number.isInteger(o.count) || o.count < 1) throw new Error(`per-client certificates need a positive client count, got ${o.count}`)
    const t0 = performance.now()
    this.clients = new Array<IssuedClient>(o.count)
    for (let i = 0; i < o.count; i++) {
      const identity = perClientIdentity(o.identity, i)
      const { certPem, keyPem } = issueEcCertificate({
        caCertPem: o.caCertPem, caKeyPem: o.caKeyPem, subject: { CN: identity }, sans: { dns: [identity] }, usage: 'client', validDays: o.validDays ?? 30,
      })
      const key: KeyObject = createPrivateKey(keyPem)
      this.clients[i] = new IssuedClient(identity, certPem, keyPem, { clientKey: key, clientChain: [new X509Certificate(certPem).raw], trust: o.trust })
    }
    this.issueMs = performance.now() - t0
  }

  get count(): number {
    return this.clients.length
  }

  /** Client `index`'s credentials (the population's index, ctx.client.index). */
  for(index: number): OwnCredentials {
    const c = this.clients[index]
    if (c === undefined) throw new RangeError(`no client certificate for client ${index} (issued for 0..${this.clients.length - 1})`)
    return c
  }
}
