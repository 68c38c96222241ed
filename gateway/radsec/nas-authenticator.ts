// Who is on the other end of a RadSec connection. OpenSSL has already verified the chain against
// the union of all orgs' device CAs; here the certificate's claimed org must be the org whose CA
// actually anchors the chain, so one org's CA can never vouch for another org's NAS.
import { X509Certificate } from 'node:crypto'
import type { DetailedPeerCertificate, PeerCertificate } from 'node:tls'
import { nasIdentityFromCertificate } from '../../proto/wire/nas-identity.js'
import type { GatewayOrg } from '../gateway-config.js'

export interface NasIdentity {
  org: string
  site: string | undefined
  nasId: string
}

export type NasCheck = { ok: true; nas: NasIdentity } | { ok: false; reason: 'NO_CERTIFICATE' | 'NO_IDENTITY' | 'UNKNOWN_ORG' | 'WRONG_CA' }

export class OrgAnchors {
  private readonly fingerprints = new Map<string, string>()

  constructor(orgs: Iterable<GatewayOrg>) {
    for (const o of orgs) {
      if (o.deviceCa === '') continue
      try {
        this.fingerprints.set(o.org, new X509Certificate(o.deviceCa).fingerprint256)
      } catch {
        // An unparsable CA was refused by config validation; here it simply anchors nothing.
      }
    }
  }

  check(peer: DetailedPeerCertificate | PeerCertificate | undefined, leaf: X509Certificate | undefined): NasCheck {
    if (peer === undefined || leaf === undefined || Object.keys(peer).length === 0) return { ok: false, reason: 'NO_CERTIFICATE' }
    const id = nasIdentityFromCertificate(leaf)
    if (id === undefined) return { ok: false, reason: 'NO_IDENTITY' }
    const anchor = this.fingerprints.get(id.org)
    if (anchor === undefined) return { ok: false, reason: 'UNKNOWN_ORG' }
    // Walk the verified chain (leaf → ... → trust anchor) looking for the org's own CA.
    let cert: DetailedPeerCertificate | undefined = peer as DetailedPeerCertificate
    for (let depth = 0; cert !== undefined && depth < 10; depth++) {
      if (cert.fingerprint256 === anchor) return { ok: true, nas: { org: id.org, site: id.site, nasId: id.nasId } }
      const next: DetailedPeerCertificate | undefined = cert.issuerCertificate
      if (next === undefined || next === cert) break
      cert = next
    }
    return { ok: false, reason: 'WRONG_CA' }
  }
}
