// Builds an org's EapOrgContext from its document (OrgConfig.pki): the TLS server context of its
// EAP server certificate (TLS 1.2 and 1.3, RFC 9190 §2.1) and its trusted client CAs parsed once.
// Throws on unusable material; the config watcher then keeps the org's last good context.
import { X509Certificate, constants } from 'node:crypto'
import { createSecureContext } from 'node:tls'
import { DEFAULT_EAP_SETTINGS, type EapOrgContext } from '../../actors/client/eap/index.js'
import type { OrgConfig } from '../../proto/wire/org-config.js'

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

export function eapOrgContext(doc: OrgConfig): EapOrgContext | undefined {
  const pki = doc.pki
  if (pki?.server === undefined) return undefined
  // SSL_OP_NO_TICKET: no stateless tickets for now. Node's tickets carry the whole client chain
  // (two of about 700 octets with RSA), one more fragment and round trip for every TLS 1.3
  // login; OpenSSL then sends small stateful tickets in TLS 1.3. Resumption across nodes uses
  // cluster-wide ticket keys (issue 4, later part).
  const secureContext = createSecureContext({ cert: pki.server.chainPem, key: pki.server.keyPem, minVersion: 'TLSv1.2', secureOptions: constants.SSL_OP_NO_TICKET })
  const trustedCas = pki.trustedCas.flatMap((pem) => pem.match(PEM_CERT) ?? []).map((p) => new X509Certificate(p))
  return { org: doc.org, secureContext, trustedCas, settings: DEFAULT_EAP_SETTINGS }
}
