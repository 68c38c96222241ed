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
  'site-exists': 'a RADIUS client names a site of the org',
  'label-name': 'label names are at most 32 printable characters (requirements §2.4, §8)',
  'label-unique': 'label names are unique within the org (requirements §2.4)',
  'label-reserved': 'label names differ from the built-in match tokens',
  'label-type': 'label types are client-list, client-label, vlan or role',
  'mac-pattern': 'client-list values are MACs or MAC prefixes ending in "*" (requirements §4.3)',
  vlan: 'VLANs are 1-4094, a VLAN name or a site variable (requirements §8)',
  'label-exists': 'rules name labels that exist',
  'label-matchable': 'rule match entries are built-in tokens or matchable labels (client-list, client-label)',
  'label-assignable': 'rule assign entries are AAA attribute labels (vlan, role) (requirements §2.4)',
  action: 'rule action is allow or block',
  'assign-allow-only': 'only allow rules assign attributes (requirements §2.1)',
  cidr: 'RADIUS client ranges are IPv4/IPv6 prefixes without host bits',
  'cidr-unique': 'no two RADIUS clients have the same range',
  secret: 'RADIUS client secrets are non-empty strings',
  mac: 'endpoint MACs are MACs in a usual spelling (requirements §4.3)',
  'endpoint-unique': 'an endpoint MAC appears once',
  'device-ca': 'deviceCa names a readable PEM CA certificate',
  'org-unique': 'an org is defined by one file of a directory',
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
