// The admin API against a real nats-server: org isolation on every route of the OpenAPI document
// (so a new route is covered without touching this file), read-only tokens refused on every write,
// 401 without a valid token, If-Match (412/428), bodies refused with path and rule, write-only
// secrets, endpoints by MAC with paging and CSV import, NAS certificates checked by openssl.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readEndpoint, readOrg } from '../../../ops/cluster/config-store.js'
import { unseal } from '../../../ops/secrets/index.js'
import { BETA_MARKERS, CLUSTER_KEY, call, startApiFixture, type Answer, type ApiFixture } from './api-fixture.js'

interface Operation { method: string; path: string; requestBody?: { content: Record<string, { schema?: { type?: string } }> } }
interface OpenApiDoc {
  openapi: string
  info: { title: string; version: string }
  paths: Record<string, Record<string, { responses?: Record<string, unknown>; parameters?: Array<{ in: string; name: string; required?: boolean }>; requestBody?: Operation['requestBody'] }>>
  components?: { securitySchemes?: Record<string, { type: string; scheme?: string }> }
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch']

function operations(doc: OpenApiDoc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).filter(([m]) => METHODS.includes(m))
    .map(([m, op]) => ({ method: m.toUpperCase(), path, ...(op.requestBody === undefined ? {} : { requestBody: op.requestBody }) })))
}

/** A body the route would accept: if authorization failed open, the request would change data. */
function bodyFor(op: Operation): unknown {
  const content = op.requestBody?.content
  if (content === undefined) return undefined
  if (content['text/csv'] !== undefined) return 'mac\n0b0b0b0b0b0c\n'
  if (content['application/json']?.schema?.type === 'array') return []
  if (op.path.endsWith('/nas-certificates')) return { site: 'beta-lab', nasId: 'x' }
  if (op.path.endsWith('/tokens')) return { name: 'x', role: 'admin' }
  if (op.path.endsWith('/rules')) return { action: 'block' }
  if (op.path.endsWith('/sites')) return { id: 'new-site' }
  if (op.path.endsWith('/labels')) return { name: 'new-label', type: 'client-label', values: ['y'] }
  if (op.path.endsWith('/radius-clients')) return { name: 'n', cidr: '10.9.0.0/16', secret: 's' }
  if (op.path.endsWith('/endpoints') || op.path.endsWith('{mac}')) return { mac: '0b0b0b0b0b0b', name: 'changed' }
  if (op.path.endsWith('/psks/keys')) return { name: 'new-key', passphrase: 'new-passphrase-1' }
  if (op.path.endsWith('/psks/keys/{name}')) return { passphrase: 'new-passphrase-1', vlan: '20' }
  if (op.path.endsWith('/psks/wlans')) return { ssid: 'new-ssid', security: 'wpa2' }
  if (op.path.endsWith('/psks/wlans/{ssid}')) return { security: 'wpa2', defaultPsk: null }
  if (op.path.endsWith('/nas-devices')) return { name: 'new-ap', site: 'beta-lab' }
  if (op.path.endsWith('/nas-devices/{name}')) return { site: 'beta-lab', vendor: 'juniper' }
  return {}
}

/** Path parameters naming things that exist in `org`. */
function fill(path: string, org: string, ids: { tokenId: string }): string {
  const seg = (path.split('/').at(-2) ?? '')
  const byName: Record<string, string> = { 'radius-clients': `${org}-nas`, labels: `${org}-label`, keys: `${org}-key`, 'nas-devices': `${org}-ap` }
  return path
    .replace('{org}', org)
    .replace('{mac}', '0b:0b:0b:0b:0b:0b')
    .replace('{fingerprint}', '0b'.repeat(32))
    .replace('{id}', seg === 'sites' ? (org === 'beta' ? 'beta-lab' : 'lab') : ids.tokenId)
    .replace('{name}', byName[seg] ?? 'x')
    .replace('{ssid}', `${org}-ssid`)
}

describe('admin API', () => {
  let f: ApiFixture
  let doc: OpenApiDoc

  beforeAll(async () => {
    f = await startApiFixture()
    const r = await call(f, 'GET', '/openapi.json')
    expect(r.status).toBe(200)
    doc = r.json as OpenApiDoc
  })
  afterAll(async () => { await f?.stop() })

  it('serves an OpenAPI 3 document that lists every route', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/)
    expect(doc.info.title).toBeTruthy()
    expect(doc.info.version).toBeTruthy()
    expect(doc.components?.securitySchemes?.['bearer']).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }))
    const ops = operations(doc)
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path.startsWith('/api/v1/orgs/{org}')).toBe(true)
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
      for (const [method, op] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue
        expect(Object.keys(op.responses ?? {}).length, `${method} ${path} responses`).toBeGreaterThan(0)
        const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name)
        expect(declared.sort(), `${method} ${path} path parameters`).toEqual([...params].sort())
      }
    }
    // Every route fastify serves under /api/v1 is in the document, and nothing else is.
    const inDoc = ops.map((o) => `${o.method} ${o.path.replace(/\{(\w+)\}/g, ':$1')}`)
    const served = f.routes.filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`)
    expect(inDoc.sort()).toEqual(served.sort())
    expect(ops.length).toBeGreaterThanOrEqual(30)
  })

  it("refuses another org's token on every route with 404, and nothing of that org in the answer", async () => {
    const before = await readOrg(f.topo.config, 'beta')
    for (const op of operations(doc)) {
      const r = await call(f, op.method, fill(op.path, 'beta', { tokenId: f.tokens.betaTokenId }), { token: f.tokens.alphaAdmin, body: bodyFor(op) })
      expect(r.status, `${op.method} ${op.path}`).toBe(404)
      expect((r.json as { code: string }).code).toBe('NAC_ERR_API_NOT_FOUND')
      const seen = `${r.text} ${JSON.stringify(r.headers)}`.toLowerCase()
      for (const m of BETA_MARKERS) expect(seen, `${op.method} ${op.path}`).not.toContain(m.toLowerCase())
      expect(seen).not.toContain('beta')
      // An org that does not exist answers exactly the same.
      const ghost = await call(f, op.method, fill(op.path, 'nosuchorg', { tokenId: 'x' }), { token: f.tokens.alphaAdmin, body: bodyFor(op) })
      expect(ghost.status).toBe(404)
      expect(ghost.text).toBe(r.text)
    }
    expect((await readOrg(f.topo.config, 'beta'))?.revision).toBe(before?.revision)
    expect((await readEndpoint(f.topo.endpoints, 'beta', '0b0b0b0b0b0b'))?.value.name).toBe('beta-device')
    expect(await readEndpoint(f.topo.endpoints, 'beta', '0b0b0b0b0b0c')).toBeUndefined()
    // beta's own admin token still reads its org: the refusals were about the token, not the data.
    expect((await call(f, 'GET', '/api/v1/orgs/beta/rules', { token: f.tokens.betaAdmin })).status).toBe(200)
    const own = await call(f, 'GET', '/api/v1/orgs/beta/psks/keys/beta-key', { token: f.tokens.betaAdmin })
    expect(own.json).toEqual(expect.objectContaining({ name: 'beta-key', passphrase: { set: true } }))
    expect(own.text).not.toContain('beta-psk-s3cret')
    expect((await call(f, 'GET', '/api/v1/orgs/beta/nas-devices/beta-ap', { token: f.tokens.betaAdmin })).status).toBe(200)
    expect((await call(f, 'GET', '/api/v1/orgs/beta/psks/wlans/beta-ssid', { token: f.tokens.betaAdmin })).status).toBe(200)
  })

  it('refuses a read-only token on every write route (403), and serves it every read', async () => {
    const before = await readOrg(f.topo.config, 'alpha')
    let writes = 0
    for (const op of operations(doc)) {
      const path = fill(op.path, 'alpha', { tokenId: 'x' })
      const r = await call(f, op.method, path, { token: f.tokens.alphaRead, body: bodyFor(op) })
      if (op.method === 'GET' && !op.path.endsWith('/tokens')) {
        expect([200, 404], `${op.method} ${op.path}: ${r.text}`).toContain(r.status)
      } else {
        writes++
        expect(r.status, `${op.method} ${op.path}`).toBe(403)
        expect((r.json as { code: string }).code).toBe('NAC_ERR_API_READ_ONLY')
      }
    }
    expect(writes).toBeGreaterThanOrEqual(20)
    expect((await readOrg(f.topo.config, 'alpha'))?.revision).toBe(before?.revision)
  })

  it('answers 401 without a token, with an unknown token and with a malformed header, on every route', async () => {
    const unknown = Buffer.alloc(32, 1).toString('base64url')
    for (const op of operations(doc)) {
      const path = fill(op.path, 'alpha', { tokenId: 'x' })
      for (const headers of [{}, { authorization: `Bearer ${unknown}` }, { authorization: `Basic ${f.tokens.alphaAdmin}` }, { authorization: 'Bearer' }]) {
        const r: Answer = await call(f, op.method, path, { headers, body: bodyFor(op) })
        expect(r.status, `${op.method} ${op.path} ${JSON.stringify(headers)}`).toBe(401)
        expect((r.json as { code: string }).code).toBe('NAC_ERR_API_UNAUTHENTICATED')
      }
    }
  })

  it('checks If-Match: 428 without it on the org document, 412 on a stale revision, 200 on the current one', async () => {
    const token = f.tokens.alphaAdmin
    const got = await call(f, 'GET', '/api/v1/orgs/alpha', { token })
    const etag = got.headers['etag'] as string
    const body = got.json as Record<string, unknown>
    expect((await call(f, 'PUT', '/api/v1/orgs/alpha', { token, body })).status).toBe(428)
    const ok = await call(f, 'PUT', '/api/v1/orgs/alpha', { token, body: { ...body, name: 'Alpha 2' }, headers: { 'if-match': etag } })
    expect(ok.status, ok.text).toBe(200)
    const stale = await call(f, 'PUT', '/api/v1/orgs/alpha', { token, body, headers: { 'if-match': etag } })
    expect(stale.status).toBe(412)
    expect((stale.json as { code: string }).code).toBe('NAC_ERR_API_REVISION_CONFLICT')
    expect((await call(f, 'PUT', '/api/v1/orgs/alpha/rules', { token, body: [], headers: { 'if-match': etag } })).status).toBe(412)
    expect((await readOrg(f.topo.config, 'alpha'))?.value.name).toBe('Alpha 2')
  })

  it('adds concurrent rules without If-Match: each write re-reads on conflict, none is lost', async () => {
    const token = f.tokens.alphaAdmin
    const names = Array.from({ length: 8 }, (_, i) => `concurrent-${i}`)
    const answers = await Promise.all(names.map((name) => call(f, 'POST', '/api/v1/orgs/alpha/rules', { token, body: { name, action: 'block' } })))
    expect(answers.map((a) => a.status)).toEqual(names.map(() => 201))
    const rules = ((await call(f, 'GET', '/api/v1/orgs/alpha/rules', { token })).json as { items: Array<{ name: string }> }).items
    expect(rules.filter((r) => names.includes(r.name ?? '')).length).toBe(names.length)
    const revisions = answers.map((a) => (a.json as { revision: number }).revision)
    expect(new Set(revisions).size).toBe(names.length)
    expect((await call(f, 'PUT', '/api/v1/orgs/alpha/rules', { token, body: rules.filter((r) => !names.includes(r.name ?? '')) })).status).toBe(200)
  })

  it('refuses invalid bodies with 400 naming the path and the rule', async () => {
    const token = f.tokens.alphaAdmin
    const unknownLabel = await call(f, 'PUT', '/api/v1/orgs/alpha/rules', { token, body: [{ name: 'r', match: ['MAB', 'nope'], action: 'allow' }] })
    expect(unknownLabel.status).toBe(400)
    expect(unknownLabel.json).toEqual(expect.objectContaining({ code: 'NAC_ERR_API_INVALID_CONFIG', details: [expect.objectContaining({ path: 'rules[0].match[1]', rule: 'label-exists' })] }))
    const wrongType = await call(f, 'PUT', '/api/v1/orgs/alpha/rules', { token, body: [{ match: 'MAB', action: 'allow' }] })
    expect(wrongType.status).toBe(400)
    expect(wrongType.json).toEqual(expect.objectContaining({ code: 'NAC_ERR_API_INVALID_BODY', details: [expect.objectContaining({ path: 'rules[0].match', rule: 'type' })] }))
    const typo = await call(f, 'POST', '/api/v1/orgs/alpha/sites', { token, body: { id: 's2', nmae: 'x' } })
    expect(typo.status).toBe(400)
    expect((typo.json as { details: Array<{ path: string; rule: string }> }).details).toContainEqual(expect.objectContaining({ rule: 'unknown-key' }))
    const badVlan = await call(f, 'POST', '/api/v1/orgs/alpha/labels', { token, body: { name: 'v', type: 'vlan', vlan: '5000' } })
    expect(badVlan.status).toBe(400)
    expect((badVlan.json as { details: Array<{ path: string; rule: string }> }).details[0]).toEqual(expect.objectContaining({ path: 'labels[2].vlan', rule: 'vlan' }))
    const badMac = await call(f, 'POST', '/api/v1/orgs/alpha/endpoints', { token, body: { mac: 'zz' } })
    expect(badMac.json).toEqual(expect.objectContaining({ details: [expect.objectContaining({ path: 'mac', rule: 'mac' })] }))
    const notJson = await call(f, 'POST', '/api/v1/orgs/alpha/rules', { token, body: '{', headers: { 'content-type': 'application/json' } })
    expect(notJson.status).toBe(400)
    expect((notJson.json as { code: string }).code).toBe('NAC_ERR_API_INVALID_BODY')
  })

  it('keeps RADIUS secrets write-only and sealed in KV', async () => {
    const token = f.tokens.alphaAdmin
    expect((await call(f, 'POST', '/api/v1/orgs/alpha/radius-clients', { token, body: { name: 'nas-2', cidr: '10.3.0.0/16', secret: 'n3w-s3cret' } })).status).toBe(201)
    for (const path of ['/api/v1/orgs/alpha', '/api/v1/orgs/alpha/radius-clients', '/api/v1/orgs/alpha/radius-clients/nas-2', '/api/v1/orgs/alpha/history']) {
      const r = await call(f, 'GET', path, { token })
      expect(r.text).not.toContain('n3w-s3cret')
      expect(r.text).not.toContain('alpha-s3cret')
    }
    const list = (await call(f, 'GET', '/api/v1/orgs/alpha/radius-clients', { token })).json as { items: Array<{ name: string; secret: unknown }> }
    expect(list.items.map((c) => c.secret)).toEqual([{ set: true }, { set: true }])
    // Read, change something else, write back: the secrets stay (kept by client name).
    expect((await call(f, 'PUT', '/api/v1/orgs/alpha/radius-clients', { token, body: list.items.map((c) => ({ ...c, vendor: 'cisco' })) })).status).toBe(200)
    const stored = (await readOrg(f.topo.config, 'alpha'))!.value.radiusClients
    expect(stored.map((c) => unseal(c.secret, CLUSTER_KEY))).toEqual(['alpha-s3cret', 'n3w-s3cret'])
    expect(JSON.stringify(stored)).not.toContain('s3cret')
    const noSecret = await call(f, 'POST', '/api/v1/orgs/alpha/radius-clients', { token, body: { name: 'nas-3', cidr: '10.4.0.0/16' } })
    expect(noSecret.json).toEqual(expect.objectContaining({ details: [expect.objectContaining({ path: 'radiusClients[2].secret', rule: 'secret' })] }))
  })

  it('serves endpoints by MAC in any spelling, in pages, and imports CSV all or nothing', async () => {
    const token = f.tokens.alphaAdmin
    const base = '/api/v1/orgs/alpha/endpoints'
    expect((await call(f, 'PUT', `${base}/AA-BB-CC-00-00-01`, { token, body: { name: 'cam', labels: ['alpha-label'] } })).status).toBe(200)
    const got = await call(f, 'GET', `${base}/aabb.cc00.0001`, { token })
    expect(got.json).toEqual({ mac: 'aabbcc000001', name: 'cam', labels: ['alpha-label'] })
    expect((await call(f, 'POST', base, { token, body: { mac: 'aa:bb:cc:00:00:01' } })).status).toBe(409)
    expect((await call(f, 'PUT', `${base}/aabbcc000001`, { token, body: { name: 'x' }, headers: { 'if-match': '"1"' } })).status).toBe(412)

    const bad = 'mac,name,labels\n' + 'aa-bb-cc-00-01-01,a,x;y\nnot-a-mac,b,\naa-bb-cc-00-01-03,c,\n,\n'
    const refused = await call(f, 'POST', `${base}/import`, { token, body: bad })
    expect(refused.status).toBe(400)
    expect((refused.json as { details: Array<{ line: number; rule: string }> }).details.map((d) => [d.line, d.rule])).toEqual([[3, 'mac'], [5, 'field-count']])
    expect(await readEndpoint(f.topo.endpoints, 'alpha', 'aabbcc000101')).toBeUndefined()

    const rows = Array.from({ length: 25 }, (_, i) => `aa-bb-cc-00-02-${i.toString(16).padStart(2, '0')},dev-${i},"alpha-label;x"`)
    const imported = await call(f, 'POST', `${base}/import`, { token, body: `mac,name,labels\n${rows.join('\n')}\n` })
    expect(imported.json).toEqual(expect.objectContaining({ imported: 25, kept: 1 }))
    const seen: string[] = []
    let after: string | undefined
    for (let pages = 0; pages < 10; pages++) {
      const page = (await call(f, 'GET', `${base}?limit=10${after === undefined ? '' : `&after=${after}`}`, { token })).json as { items: Array<{ mac: string }>; next?: string }
      seen.push(...page.items.map((e) => e.mac))
      if (page.next === undefined) break
      after = page.next
    }
    expect(seen.length).toBe(26)
    expect(new Set(seen).size).toBe(26)
    expect((await call(f, 'DELETE', `${base}/aa:bb:cc:00:00:01`, { token })).status).toBe(200)
    expect((await call(f, 'GET', `${base}/aabbcc000001`, { token })).status).toBe(404)
  })

  it("issues NAS certificates from the org's device CA (checked by openssl) and serves the CA", async () => {
    const token = f.tokens.alphaAdmin
    const ca = await call(f, 'GET', '/api/v1/orgs/alpha/device-ca', { token: f.tokens.alphaRead })
    expect(ca.status).toBe(200)
    expect(ca.text).toMatch(/^-----BEGIN CERTIFICATE-----/)
    const r = await call(f, 'POST', '/api/v1/orgs/alpha/nas-certificates', { token, body: { site: 'lab', nasId: 'ap-1' } })
    expect(r.status, r.text).toBe(201)
    const { certPem, keyPem } = r.json as { certPem: string; keyPem: string }
    expect(keyPem).toMatch(/PRIVATE KEY/)
    const file = join(f.dir, 'ap-1.pem')
    writeFileSync(file, certPem)
    expect(execFileSync('openssl', ['verify', '-purpose', 'sslclient', '-CAfile', f.deviceCa.cert, file]).toString()).toMatch(/OK/)
    expect(execFileSync('openssl', ['x509', '-noout', '-subject', '-in', file]).toString()).toMatch(/O\s*=\s*alpha, OU\s*=\s*lab, CN\s*=\s*ap-1/)
    const unknownSite = await call(f, 'POST', '/api/v1/orgs/alpha/nas-certificates', { token, body: { site: 'nope', nasId: 'ap-1' } })
    expect(unknownSite.json).toEqual(expect.objectContaining({ details: [expect.objectContaining({ path: 'site', rule: 'site-exists' })] }))
  })

  it('creates tokens shown once, lists them without secrets, and revokes them', async () => {
    const token = f.tokens.alphaAdmin
    const created = await call(f, 'POST', '/api/v1/orgs/alpha/tokens', { token, body: { name: 'ci', role: 'read-only' } })
    expect(created.status).toBe(201)
    const t = created.json as { id: string; token: string }
    expect(t.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect((await call(f, 'GET', '/api/v1/orgs/alpha/rules', { token: t.token })).status).toBe(200)
    const list = await call(f, 'GET', '/api/v1/orgs/alpha/tokens', { token })
    expect(list.text).not.toContain(t.token)
    expect(list.text).not.toContain('sha256')
    expect((list.json as { items: Array<{ id: string }> }).items.map((i) => i.id)).toContain(t.id)
    expect((await call(f, 'DELETE', `/api/v1/orgs/alpha/tokens/${t.id}`, { token })).status).toBe(204)
    expect((await call(f, 'GET', '/api/v1/orgs/alpha/rules', { token: t.token })).status).toBe(401)
  })
})
