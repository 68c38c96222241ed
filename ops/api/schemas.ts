// JSON schemas shared by the routes: they validate requests (fastify's ajv, no coercion, no
// silent removal of unknown keys) and are the OpenAPI document's components (@fastify/swagger).
// Detailed config rules (labels exist, VLAN ranges, CIDRs) are checked by ops/config's
// validateOrgConfig, the same function `nac config check` uses.

export const errorSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', pattern: '^NAC_ERR_' },
    message: { type: 'string' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'rule', 'message'],
        properties: { path: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' }, line: { type: 'integer' } },
      },
    },
  },
} as const

/** Error answers every org route may give (401, 404 for any other org's data, 403, 500). */
export const commonErrors = {
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  500: errorSchema,
} as const

/** Write routes add 400 (body), 412 (If-Match), 428 (If-Match required). */
export const writeErrors = { ...commonErrors, 400: errorSchema, 409: errorSchema, 412: errorSchema, 415: errorSchema, 428: errorSchema } as const

export const orgParams = {
  type: 'object',
  required: ['org'],
  properties: { org: { type: 'string', description: 'org id' } },
} as const

export const revisionSchema = {
  type: 'object',
  required: ['revision'],
  properties: { revision: { type: 'integer', description: 'KV revision of the stored value (the ETag)' } },
} as const

export const ifMatchHeader = {
  type: 'object',
  properties: { 'if-match': { type: 'string', description: 'revision the change is based on ("ETag" of the GET); 412 when it moved' } },
} as const

/** Keys beyond those listed are checked by validateOrgConfig (rule unknown-key), as the model grows. */
const CHECKED_BY_CONFIG_RULES = 'other keys are checked by the org config rules (README, "Configuring an org")'

export const siteSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: true,
  description: CHECKED_BY_CONFIG_RULES,
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    variables: { type: 'object', description: 'site variables (scalar, list or range), used as {{name}} in label values' },
  },
} as const

/** A RADIUS client as read: the shared secret is write-only and shows as { set: true }. */
export const radiusClientSchema = {
  type: 'object',
  required: ['name', 'cidr'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    cidr: { type: 'string' },
    secret: {
      description: 'write: the shared secret (a string), or { "set": true } / absent to keep the stored one; read: always { "set": true }',
      anyOf: [{ type: 'string' }, { type: 'object', additionalProperties: false, required: ['set'], properties: { set: { type: 'boolean' } } }],
    },
    site: { type: 'string' },
    vendor: { type: 'string' },
  },
} as const

/** Labels: every type has name and type; the other keys depend on the type (README, org config). */
export const labelSchema = {
  type: 'object',
  required: ['name', 'type'],
  additionalProperties: true,
  description: CHECKED_BY_CONFIG_RULES,
  properties: { name: { type: 'string' }, type: { type: 'string' } },
} as const

export const ruleSchema = {
  type: 'object',
  required: ['action'],
  additionalProperties: true,
  description: CHECKED_BY_CONFIG_RULES,
  properties: {
    id: { type: 'string', description: 'stable id (hit counts refer to it)' },
    name: { type: 'string' },
    match: { type: 'array', items: { type: 'string' } },
    action: { type: 'string', enum: ['allow', 'block'] },
    assign: { type: 'array', items: { type: 'string' } },
  },
} as const

export const orgDocumentSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    org: { type: 'string', description: 'must equal the org of the path when present' },
    name: { type: 'string' },
    deviceCa: { type: 'string', description: "PEM of the org's device CA; absent on write keeps the stored one" },
    sites: { type: 'array', items: siteSchema },
    radiusClients: { type: 'array', items: radiusClientSchema },
    labels: { type: 'array', items: labelSchema },
    rules: { type: 'array', items: ruleSchema },
  },
} as const

export const endpointSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    mac: { type: 'string', description: 'any usual spelling on write; 12 lower-case hex digits on read' },
    name: { type: 'string' },
    role: { type: 'string' },
    vlan: { type: 'string' },
    labels: { type: 'array', items: { type: 'string' } },
    description: { type: 'string' },
  },
} as const
