// `nac api ...` and `nac config apply --api`: the CLI over the admin API (the same routes curl
// uses), plus `nac api token create`, the cluster admin's bootstrap of an org's first token
// (straight to KV over NATS: it is how an org gets its first credential).
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { connectNats } from '../../actors/runtime/index.js'
import { formatConfigError, loadOrgConfigFile } from '../config/index.js'
import { ApiClient } from './api-client.js'
import { ApiRole, TokenStore, openTokenBucket } from './token-store.js'
import { registerPkiApiCommands } from './pki-cli-commands.js'

export interface ApiConnectionOptions {
  api: string
  tokenFile: string
  ca: string
}

export function apiClient(o: ApiConnectionOptions): ApiClient {
  return new ApiClient({ url: o.api, token: readFileSync(o.tokenFile, 'utf8').trim(), caPem: readFileSync(o.ca, 'utf8') })
}

const orgPath = (org: string): string => `/api/v1/orgs/${encodeURIComponent(org)}`

function printError(where: string, r: { status: number; text: string; json: unknown }): void {
  const body = r.json as { code?: string; message?: string; details?: Array<{ path: string; rule: string; message: string }> } | undefined
  process.stderr.write(`${where}: HTTP ${r.status} ${body?.code ?? ''} ${body?.message ?? r.text}\n`)
  for (const d of body?.details ?? []) process.stderr.write(`${where}: ${d.path}: ${d.message} (rule ${d.rule})\n`)
}

/** Validate YAML files locally (errors with lines), then store each org and its endpoints through the API. */
export async function applyViaApi(files: string[], o: ApiConnectionOptions & { deviceCa?: string }): Promise<number> {
  const client = apiClient(o)
  let bad = 0
  for (const f of files) {
    const r = loadOrgConfigFile(f)
    if (!r.ok) {
      for (const e of r.errors) process.stderr.write(`${formatConfigError(e)}\n`)
      bad++
      continue
    }
    const deviceCa = r.org.deviceCa !== '' ? r.org.deviceCa : o.deviceCa !== undefined ? readFileSync(o.deviceCa, 'utf8') : undefined
    const current = await client.request('GET', orgPath(r.org.org))
    const etag = current.status === 200 ? current.headers['etag'] : undefined
    const { v: _v, deviceCa: _ca, ...doc } = r.org
    const put = await client.request('PUT', orgPath(r.org.org), { ...doc, ...(deviceCa === undefined ? {} : { deviceCa }) }, typeof etag === 'string' ? { 'if-match': etag } : {})
    if (put.status !== 200) {
      printError(f, put)
      bad++
      continue
    }
    let n = 0
    for (const e of r.endpoints) {
      const w = await client.request('PUT', `${orgPath(r.org.org)}/endpoints/${e.mac}`, Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)))
      if (w.status !== 200) printError(`${f}: endpoint ${e.mac}`, w)
      else n++
    }
    process.stdout.write(`${f}: org ${r.org.org} stored at revision ${(put.json as { revision: number }).revision} (via ${o.api}), ${n} endpoints\n`)
  }
  return bad
}

export function registerApiCommands(program: Command): void {
  // The EAP PKI verbs sit under `nac pki` (made in ops/cli/main.ts) next to issue-nas.
  registerPkiApiCommands(program.commands.find((c) => c.name() === 'pki') ?? program.command('pki').description("orgs' certificates"))
  const api = program.command('api').description('the admin API (HTTPS REST; OpenAPI at /openapi.json)')
  const conn = (c: Command): Command => c
    .option('--api <url>', 'admin API URL', 'https://127.0.0.1:8443')
    .option('--token-file <file>', 'API token file', '.data/demo/admin-token')
    .option('--ca <file>', "the API's CA certificate", '.data/demo/api-ca.pem')

  conn(api.command('request')
    .description('one API call, the answer printed as JSON: nac api request GET /api/v1/orgs/demo/rules')
    .argument('<method>').argument('<path>')
    .option('--data <json>', 'request body: JSON text, or @file (a .csv file is sent as text/csv)')
    .option('--if-match <revision>', 'If-Match revision'))
    .action(async (method: string, path: string, o: ApiConnectionOptions & { data?: string; ifMatch?: string }) => {
      let body: unknown
      if (o.data !== undefined) {
        const text = o.data.startsWith('@') ? readFileSync(o.data.slice(1), 'utf8') : o.data
        body = o.data.endsWith('.csv') ? text : JSON.parse(text)
      }
      const r = await apiClient(o).request(method.toUpperCase(), path, body, o.ifMatch === undefined ? {} : { 'if-match': `"${o.ifMatch}"` })
      process.stdout.write(`${r.json === undefined ? r.text : JSON.stringify(r.json, null, 2)}\n`)
      process.exitCode = r.status >= 200 && r.status < 300 ? 0 : 1
    })

  const token = api.command('token').description('API tokens')
  token.command('create')
    .description("cluster admin: create an org's API token in KV (printed once)")
    .requiredOption('--nats <url>', 'NATS server URL(s)')
    .requiredOption('--org <org>')
    .option('--role <role>', 'admin or read-only', ApiRole.admin)
    .option('--name <name>', 'what the token is for', 'cli')
    .action(async (o: { nats: string; org: string; role: string; name: string }) => {
      if (o.role !== ApiRole.admin && o.role !== ApiRole.readOnly) throw new Error('--role must be admin or read-only')
      const nc = await connectNats({ servers: o.nats.split(','), name: 'nac-api-token' })
      try {
        const { token: t, record } = await new TokenStore(await openTokenBucket(nc)).create(o.org, o.role, o.name)
        process.stdout.write(`${JSON.stringify({ id: record.id, org: record.org, role: record.role, token: t })}\n`)
      } finally {
        await nc.drain()
      }
    })
}
