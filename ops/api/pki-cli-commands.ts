// `nac pki trusted-ca list|add|remove` and `nac pki server-cert show|issue|import`: the org's EAP
// PKI over the admin API (routes in routes/eap-pki-routes.ts). `list` prints the columns of
// requirements §3.1 (L3779: Common Name, Issuer, Valid To) with the validity start and the
// fingerprint `remove` takes. A key's passphrase is read from a file, never from the command line
// (where `ps` would show it).
import { readFileSync, writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { ApiClient, type ApiResponse } from './api-client.js'

interface Conn { api: string; tokenFile: string; ca: string; org: string }

interface CertView { commonName: string; issuer: string; notBefore: string; notAfter: string; fingerprintSha256: string; dnsNames: string[] }

function client(o: Conn): ApiClient {
  return new ApiClient({ url: o.api, token: readFileSync(o.tokenFile, 'utf8').trim(), caPem: readFileSync(o.ca, 'utf8') })
}

const base = (o: Conn): string => `/api/v1/orgs/${encodeURIComponent(o.org)}`

function conn(c: Command): Command {
  return c
    .option('--org <org>', 'org id', 'demo')
    .option('--api <url>', 'admin API URL', 'https://127.0.0.1:8443')
    .option('--token-file <file>', 'API token file', '.data/demo/admin-token')
    .option('--ca <file>', "the API's CA certificate", '.data/demo/api-ca.pem')
}

/** true when the answer is a success; otherwise the error and each broken rule on stderr. */
function ok(where: string, r: ApiResponse): boolean {
  if (r.status >= 200 && r.status < 300) return true
  const body = r.json as { code?: string; message?: string; details?: Array<{ path: string; rule: string; message: string }> } | undefined
  process.stderr.write(`${where}: HTTP ${r.status} ${body?.code ?? ''} ${body?.message ?? r.text}\n`)
  for (const d of body?.details ?? []) process.stderr.write(`${where}: ${d.path}: ${d.message} (${d.rule})\n`)
  process.exitCode = 1
  return false
}

const day = (iso: string): string => iso.slice(0, 10)

/** Aligned columns, header first. */
export function certificateTable(items: CertView[]): string {
  const rows = [['COMMON NAME', 'ISSUER', 'VALID FROM', 'VALID TO', 'SHA-256'], ...items.map((c) => [c.commonName, c.issuer, day(c.notBefore), day(c.notAfter), c.fingerprintSha256])]
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n') + '\n'
}

function printServer(json: unknown): void {
  const v = json as { revision: number; origin: string; chain: CertView[] }
  process.stdout.write(`origin: ${v.origin} (revision ${v.revision})\nnames: ${v.chain[0]?.dnsNames.join(', ') ?? ''}\n${certificateTable(v.chain)}`)
}

/** Adds the EAP PKI verbs under `nac pki`. */
export function registerPkiApiCommands(pki: Command): void {
  const ca = pki.command('trusted-ca').description("the org's trusted client CAs (over the admin API)")
  conn(ca.command('list').description('list them: common name, issuer, validity, SHA-256 fingerprint'))
    .action(async (o: Conn) => {
      const r = await client(o).request('GET', `${base(o)}/trusted-cas`)
      if (ok('trusted-ca list', r)) process.stdout.write(certificateTable((r.json as { items: CertView[] }).items))
    })
  conn(ca.command('add').description('trust the CA certificates of a PEM file (roots and intermediates)').argument('<pem-file>'))
    .action(async (file: string, o: Conn) => {
      const r = await client(o).request('POST', `${base(o)}/trusted-cas`, { pem: readFileSync(file, 'utf8') })
      if (ok('trusted-ca add', r)) process.stdout.write(certificateTable((r.json as { items: CertView[] }).items))
    })
  conn(ca.command('remove').description('stop trusting a CA, by its SHA-256 fingerprint (as `list` or openssl prints it)').argument('<fingerprint>'))
    .action(async (fingerprint: string, o: Conn) => {
      const r = await client(o).request('DELETE', `${base(o)}/trusted-cas/${encodeURIComponent(fingerprint)}`)
      if (ok('trusted-ca remove', r)) process.stdout.write(`removed (revision ${(r.json as { revision: number }).revision})\n`)
    })

  const sc = pki.command('server-cert').description("the org's EAP server certificate (over the admin API)")
  conn(sc.command('show').description('the served chain: origin, names, validity (never the key)'))
    .action(async (o: Conn) => {
      const r = await client(o).request('GET', `${base(o)}/eap-server-certificate`)
      if (ok('server-cert show', r)) printServer(r.json)
    })
  conn(sc.command('issue').description("(re)issue the default certificate from the org's private CA (made on demand)")
    .option('--name <dns-name>', 'server name; default: the current one, else auth.<org domain> or auth.<org>.example')
    .option('--days <n>', 'validity in days (at most 825)')
    .option('--ca-out <file>', "write the private CA certificate (what supplicants trust) to this file"))
    .action(async (o: Conn & { name?: string; days?: string; caOut?: string }) => {
      const c = client(o)
      const body = { ...(o.name === undefined ? {} : { name: o.name }), ...(o.days === undefined ? {} : { validDays: Number(o.days) }) }
      const r = await c.request('POST', `${base(o)}/eap-server-certificate`, body)
      if (!ok('server-cert issue', r)) return
      printServer(r.json)
      if (o.caOut === undefined) return
      const caPem = await c.request('GET', `${base(o)}/eap-server-ca`)
      if (ok('server-cert issue', caPem)) {
        writeFileSync(o.caOut, caPem.text)
        process.stdout.write(`private CA: ${o.caOut}\n`)
      }
    })
  conn(sc.command('import').description('import a custom certificate: the chain (leaf, intermediates, root) and its key; every broken rule is listed')
    .requiredOption('--chain <file>', 'PEM chain, leaf first')
    .requiredOption('--key <file>', 'PEM private key (may be encrypted)')
    .option('--passphrase-file <file>', "the key's passphrase (first line)"))
    .action(async (o: Conn & { chain: string; key: string; passphraseFile?: string }) => {
      const passphrase = o.passphraseFile === undefined ? undefined : readFileSync(o.passphraseFile, 'utf8').split(/\r?\n/)[0]
      const body = { chainPem: readFileSync(o.chain, 'utf8'), keyPem: readFileSync(o.key, 'utf8'), ...(passphrase === undefined ? {} : { passphrase }) }
      const r = await client(o).request('PUT', `${base(o)}/eap-server-certificate`, body)
      if (ok('server-cert import', r)) printServer(r.json)
    })
}
