// Config validation errors: each names the file, the path inside the document, the rule broken
// (a stable id from the catalogue below) and, when known, the line.

/** The rule catalogue: id -> what it enforces. Every ConfigError.rule is one of these ids. */
export const ConfigRule = {
  'file-read': 'the file can be read',
  'yaml-syntax': 'the file is well-formed YAML (and has no duplicate keys)',
  type: 'a value has the type the schema asks for',
  required: 'required keys are present',
  'non-empty': 'required strings and lists are not empty',
  'unknown-key': 'no key outside the schema (typos must not pass silently)',
  token: 'org and site ids are NATS-safe tokens (letters, digits, "_", "-"; 1-64)',
  'site-unique': 'site ids are unique within the org',
  'site-exists': 'a RADIUS client or a site: match token names a site of the org',
  'label-name': 'label names are at most 32 printable characters (requirements §2.4, §8)',
  'label-unique': 'label names are unique within the org (requirements §2.4)',
  'label-reserved': 'label names differ from the built-in match tokens',
  'label-type': 'label types are those of requirements §2.5-2.6 (ops/config/validate-labels.ts LABEL_KEYS)',
  'certificate-field': 'certificate-attribute fields are cn, subject, serial, issuer, san-upn, san-email, san-dns, san-uri (§2.5)',
  'certificate-scope': 'certificate-attribute scopes are user or machine: which TEAP certificate the label reads (§1.4)',
  ssid: 'SSIDs are 1-32 octets (IEEE 802.11) (requirements §2.5)',
  'mdm-state': 'MDM compliance values are compliant, non-compliant or unknown (requirements §2.5 L3971)',
  realm: 'realms are domain names, optionally with a leading "@" (requirements §2.6)',
  'nas-ip': 'NAS IP label values are IPv4/IPv6 addresses or prefixes without host bits (requirements §2.6)',
  'gbp-tag': 'GBP tags are integers 1-65535 (requirements §2.6)',
  'session-timeout': 'session timeouts are 3600-604800 seconds (requirements §2.6 L3948, §8)',
  'attribute-name': 'custom attributes name a dictionary attribute of the right kind that the server does not manage itself (§2.6)',
  'attribute-value': 'custom attribute values are valid for the attribute type (requirements §2.6)',
  'user-name-source': 'returned user name sources are automatic, cert-cn, san-upn, san-email, san-dns (requirements §2.6 L3958)',
  'site-variable': 'site variable names are 1-64 letters, digits or "_", values are non-empty text (requirements §2.9)',
  'rule-id-unique': 'rule ids are unique tokens within the org (requirements §7.5: stable across reorders)',
  'nas-vendor': 'nas-vendor: match tokens name a known NAS vendor (requirements §2.3, §2.7)',
  'mac-pattern': 'client-list values are MACs or MAC prefixes ending in "*" (requirements §4.3)',
  vlan: 'VLANs are 1-4094, a VLAN name or a site variable (requirements §8, §2.9)',
  'label-exists': 'rules name labels that exist',
  'label-matchable': 'rule match entries are built-in tokens or match labels (requirements §2.3-2.5)',
  'label-assignable': 'rule assign entries are assignable AAA attribute labels (requirements §2.4, §2.6)',
  action: 'rule action is allow or block',
  'assign-allow-only': 'only allow rules assign attributes (requirements §2.1)',
  cidr: 'RADIUS client ranges are IPv4/IPv6 prefixes without host bits',
  'cidr-unique': 'no two RADIUS clients have the same range',
  secret: 'RADIUS client secrets are non-empty strings',
  mac: 'endpoint MACs are MACs in a usual spelling (requirements §4.3)',
  'endpoint-unique': 'an endpoint MAC appears once',
  'device-ca': 'deviceCa names a readable PEM CA certificate',
  'nas-device': 'NAS device names (their RadSec certificate CN) are unique within the org',
  'org-unique': 'an org is defined by one file of a directory',
  psk: 'PSKs: unique key and WLAN names, 8-63 ASCII character passphrases or 64 hex digits, ISO 8601 expiry, known usage and security, registered MACs for single-use and WPA3-SAE keys (requirements §1.7)',
  pki: 'pki names readable PEM files: CA certificates in trustedCas, a server chain and its own key (requirements §3)',
  'local-user': 'localUsers have unique names and a scrypt$N$r$p$salt$hash password hash (`nac user hash`; requirements §1.3)',
} as const
export type ConfigRuleId = keyof typeof ConfigRule

export interface ConfigError {
  /** The file as the caller named it. */
  file: string
  /** Path inside the document, e.g. "rules[0].match[1]"; "" for the whole document. */
  path: string
  rule: ConfigRuleId
  /** Never contains a secret. */
  message: string
  /** 1-based line of the offending node, when known. */
  line?: number
}

/** A document path as segments: keys and list indexes. */
export type ConfigPath = readonly (string | number)[]

/** "rules[0].match[1]" from ['rules', 0, 'match', 1]. */
export function formatConfigPath(path: ConfigPath): string {
  let out = ''
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`
  return out
}

/** `demo.yaml:12: rules[0].match[1]: unknown label "iott" (rule label-exists)`. */
export function formatConfigError(e: ConfigError): string {
  const where = e.line === undefined ? e.file : `${e.file}:${e.line}`
  const path = e.path === '' ? '' : ` ${e.path}:`
  return `${where}:${path} ${e.message} (rule ${e.rule})`
}
