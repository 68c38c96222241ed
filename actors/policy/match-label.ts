// Match labels as criteria (requirements §2.5, Table 9 L3963-L3972, and the matchable AAA
// sub-options of §2.6). Each label compiles once into a predicate over PolicyInput; a missing
// input field never matches.
import { canonicalMacPattern, macMatches } from '../../proto/wire/mac.js'
import type { LabelConfig } from '../../proto/wire/org-config.js'
import { ssidFromCalledStationId } from './called-station.js'
import { parseIpPrefix, prefixContains, type IpPrefix } from './ip-prefix.js'
import type { CertificateFields, PolicyInput } from './policy-input.js'
import { anyMatches, wildcardMatcher } from './wildcard.js'

export type Criterion = (input: PolicyInput) => boolean

const never: Criterion = () => false

/** Serial numbers compare as hex without separators or leading zeros ("01:0A" = "a"). */
export function canonicalSerial(text: string): string {
  return text.replace(/[:\s-]/g, '').toLowerCase().replace(/^0+(?=.)/, '')
}

function certificateValues(cert: CertificateFields | undefined, field: string): readonly string[] {
  if (cert === undefined) return []
  const one = (v: string | undefined): readonly string[] => (v === undefined ? [] : [v])
  switch (field) {
    case 'cn': return one(cert.cn)
    case 'subject': return one(cert.subject)
    case 'serial': return one(cert.serial === undefined ? undefined : canonicalSerial(cert.serial))
    case 'issuer': return one(cert.issuer)
    case 'san-upn': return cert.sanUpn ?? []
    case 'san-email': return cert.sanEmail ?? []
    case 'san-dns': return cert.sanDns ?? []
    case 'san-uri': return cert.sanUri ?? []
    default: return []
  }
}

/** The SSID of the request: given, or parsed from Called-Station-Id. */
export function requestSsid(i: PolicyInput): string | undefined {
  if (i.ssid !== undefined) return i.ssid
  return i.calledStationId === undefined ? undefined : ssidFromCalledStationId(i.calledStationId)
}

/** The realm of a User-Name: after the last '@' (RFC 7542 §2.2 NAI), lower-cased. */
export function realmOf(userName: string): string | undefined {
  const at = userName.lastIndexOf('@')
  return at < 0 || at === userName.length - 1 ? undefined : userName.slice(at + 1).toLowerCase()
}

/** The predicate of a label used as a match criterion; assign-only labels never match. */
export function labelCriterion(label: LabelConfig): Criterion {
  switch (label.type) {
    case 'client-list': {
      // §2.5: "Normalise both sides (§4.3). `*` is a trailing prefix wildcard."
      const patterns = label.values.map((v) => canonicalMacPattern(v)).filter((p): p is string => p !== undefined)
      return (i) => i.mac !== undefined && patterns.some((p) => macMatches(i.mac as string, p))
    }
    case 'client-label': {
      // §9.11 any-vs-all is a gap; "any" is what the guide's single-tag examples need.
      const wanted = label.values
      return (i) => wanted.some((w) => i.clientLabels.includes(w))
    }
    case 'certificate-attribute': {
      // §9.11 operators: case-insensitive exact match plus `*`; any SAN entry of the type may match.
      const field = label.field
      const matchers = label.values.map((v) => wildcardMatcher(field === 'serial' && !v.includes('*') ? canonicalSerial(v) : v))
      // TEAP authenticates a machine and a user: the label reads the user's unless scoped (§1.4 [G]).
      if (label.scope === 'machine') return (i) => anyMatches(matchers, certificateValues(i.machineCertificate, field))
      return (i) => anyMatches(matchers, certificateValues(i.certificate, field))
    }
    case 'ssid': {
      // §2.5: "SSIDs are case-sensitive on air ... so match exactly."
      const wanted = new Set(label.values)
      return (i) => {
        const ssid = requestSsid(i)
        return ssid !== undefined && wanted.has(ssid)
      }
    }
    case 'directory-attribute': {
      // Group names compare case-insensitively (directories treat them so); a failed lookup
      // (groups undefined) does not match.
      const wanted = new Set(label.groups.map((g) => g.toLowerCase()))
      return (i) => i.groups !== undefined && i.groups.some((g) => wanted.has(g.toLowerCase()))
    }
    case 'mdm-compliance': {
      const wanted = new Set<string>(label.values)
      return (i) => wanted.has(i.mdmCompliance ?? 'unknown')
    }
    case 'realm': {
      const wanted = new Set(label.values.map((v) => v.toLowerCase().replace(/^@/, '')))
      return (i) => {
        const realm = i.userName === undefined ? undefined : realmOf(i.userName)
        return realm !== undefined && wanted.has(realm)
      }
    }
    case 'user-name': {
      const matchers = label.values.map(wildcardMatcher)
      return (i) => i.userName !== undefined && anyMatches(matchers, [i.userName])
    }
    case 'nas-ip': {
      const prefixes = label.values.map(parseIpPrefix).filter((p): p is IpPrefix => p !== undefined)
      return (i) => i.nasIp !== undefined && prefixes.some((p) => prefixContains(p, i.nasIp as string))
    }
    case 'role': {
      const role = label.role
      return (i) => i.roles !== undefined && i.roles.includes(role)
    }
    case 'vlan':
    case 'gbp-tag':
    case 'session-timeout':
    case 'vendor-attribute':
    case 'standard-attribute':
    case 'egress-vlan':
    case 'returned-user-name':
    case 'port-vlan':
      return never // assigned, not matched (validation refuses them in a match)
  }
}
