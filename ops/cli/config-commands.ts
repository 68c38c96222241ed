// `nac config check|apply`: org YAML validated, and stored straight to KV or through the admin API.
import { readFileSync } from 'node:fs'
import { InvalidArgumentError, type Command } from 'commander'
import { connectNats } from '../../actors/runtime/index.js'
import { applyViaApi } from '../api/cli-commands.js'
import { applyEndpoints } from '../cluster/config-store.js'
import { SiteInUseError, applyOrgFile } from '../cluster/org-file-apply.js'
import { formatConfigError, loadOrgConfigFile } from '../config/index.js'
import { ensureTopology } from '../nats/topology.js'
import { loadOrCreateClusterKey } from '../secrets/index.js'

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('org configuration')
  config.command('check')
    .description('validate org YAML files')
    .argument('<files...>')
    .action((files: string[]) => {
      let bad = 0
      for (const f of files) {
        const r = loadOrgConfigFile(f)
        if (r.ok) process.stdout.write(`${f}: ok (org ${r.org.org}, ${r.org.rules.length} rules, ${r.endpoints.length} endpoints)\n`)
        else {
          bad++
          for (const e of r.errors) process.stderr.write(`${formatConfigError(e)}\n`)
        }
      }
      process.exitCode = bad === 0 ? 0 : 1
    })
  config.command('apply')
    .description('validate and store org YAML files in the cluster (KV bucket config, endpoints)')
    .argument('<files...>')
    .option('--nats <url>', 'NATS server URL(s) (straight to KV; or use --api)')
    .option('--cluster-key <file>', 'cluster key file (with --nats)')
    .option('--device-ca <file>', "PEM of the org's device CA (when the YAML names none)")
    .option('--api <url>', 'store through the admin API instead, e.g. https://127.0.0.1:8443')
    .option('--token-file <file>', 'API token file (with --api)', '.data/demo/admin-token')
    .option('--ca <file>', "the API's CA certificate (with --api)", '.data/demo/api-ca.pem')
    .action(async (files: string[], o: { nats?: string; clusterKey?: string; deviceCa?: string; api?: string; tokenFile: string; ca: string }) => {
      if (o.api !== undefined) {
        process.exitCode = (await applyViaApi(files, { api: o.api, tokenFile: o.tokenFile, ca: o.ca, ...(o.deviceCa === undefined ? {} : { deviceCa: o.deviceCa }) })) === 0 ? 0 : 1
        return
      }
      if (o.nats === undefined || o.clusterKey === undefined) throw new InvalidArgumentError('--nats and --cluster-key are required without --api')
      const key = loadOrCreateClusterKey(o.clusterKey)
      const nc = await connectNats({ servers: o.nats.split(','), name: 'nac-config-apply' })
      try {
        const topo = await ensureTopology(nc)
        for (const f of files) {
          const r = loadOrgConfigFile(f)
          if (!r.ok) {
            for (const e of r.errors) process.stderr.write(`${formatConfigError(e)}\n`)
            process.exitCode = 1
            continue
          }
          const deviceCa = r.org.deviceCa !== '' ? r.org.deviceCa : o.deviceCa !== undefined ? readFileSync(o.deviceCa, 'utf8') : ''
          let rev: number
          try {
            rev = await applyOrgFile(topo.config, { ...r.org, deviceCa }, key)
          } catch (err) {
            if (!(err instanceof SiteInUseError)) throw err
            process.stderr.write(`${f}: ${err.code}: ${err.message}\n`)
            process.exitCode = 1
            continue
          }
          const n = await applyEndpoints(topo.endpoints, r.org.org, r.endpoints)
          process.stdout.write(`${f}: org ${r.org.org} stored at revision ${rev}, ${n} endpoints\n`)
        }
      } finally {
        await nc.drain()
      }
    })
}
