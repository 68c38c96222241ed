// Builds an org's EapOrgContext from its document (OrgConfig.pki): the TLS server context of its
// EAP server certificate (TLS 1.2 and 1.3, RFC 9190 §2.1; session tickets for resumption, RFC
// 9190 §2.1.3, RFC 5216 §2.1.2) and its trusted client CAs parsed once.
// Throws on unusable material; the config watcher then keeps the org's last good context.
import { X509Certificate, createHash } from 'node:crypto'
import { createSecureContext } from 'node:tls'
import { DEFAULT_EAP_SETTINGS, type EapOrgContext } from '../../actors/client/eap/index.js'
import type { OrgConfig } from '../../proto/wire/org-config.js'
import { TICKET_LIFETIME_S } from './ticket-key-store.js'

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

/** OpenSSL takes at most 32 octets (SSL_MAX_SID_CTX_LENGTH). */
function sessionIdContext(org: string): string {
  return createHash('sha256').update(`nac eap ${org}`).digest('hex').slice(0, 32)
}

export function eapOrgContext(doc: OrgConfig): EapOrgContext | undefined {
  const pki = doc.pki
  if (pki?.server === undefined) return undefined
  // Stateless session tickets (RFC 5077; RFC 8446 §4.6.1) under the cluster's ticket keys, installed
  // by the actor node (TicketKeyRing.install), so a session resumes on any node. The session id
  // context is the org's: a ticket of one org never resumes in another (RFC 5246 §7.4.1.2).
  const secureContext = createSecureContext({
    cert: pki.server.chainPem, key: pki.server.keyPem, minVersion: 'TLSv1.2',
    sessionIdContext: sessionIdContext(doc.org), sessionTimeout: TICKET_LIFETIME_S,
  })
  // TEAP's tunnel: RFC 7170 §5 derives its keys with the TLS 1.2 PRF and exporter.
  const tls12SecureContext = createSecureContext({
    cert: pki.server.chainPem, key: pki.server.keyPem, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2',
    sessionIdContext: sessionIdContext(doc.org), sessionTimeout: TICKET_LIFETIME_S,
  })
  const trustedCas = pki.trustedCas.flatMap((pem) => pem.match(PEM_CERT) ?? []).map((p) => new X509Certificate(p))
  return { org: doc.org, secureContext, tls12SecureContext, trustedCas, settings: DEFAULT_EAP_SETTINGS }
}
