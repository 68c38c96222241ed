// `nac pki issue-nas`: a NAS certificate for RadSec from an org's device CA files (the EAP PKI
// verbs over the API are added to the same command by ops/api/cli-commands.ts).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import { createWorkerPool } from '../../workers/pool.js'
import { defaultDataDir } from '../paths.js'
import { issueNasCertificate } from '../pki/index.js'
import { int } from './process-signals.js'
import { writePrivateFile } from './write-private-file.js'

export function registerPkiCommands(program: Command): void {
  const pki = program.command('pki').description("orgs' certificates")
  pki.command('issue-nas')
    .description("issue a NAS certificate for RadSec from an org's device CA")
    .requiredOption('--org <org>').requiredOption('--site <site>').requiredOption('--nas <id>')
    .option('--ca-cert <file>', 'device CA certificate', join(defaultDataDir(), 'demo', 'device-ca.pem'))
    .option('--ca-key <file>', 'device CA key', join(defaultDataDir(), 'demo', 'device-ca-key.pem'))
    .option('--days <n>', 'validity in days', int, 825)
    .requiredOption('--out <prefix>', 'writes <prefix>.pem and <prefix>-key.pem')
    .action(async (o: { org: string; site: string; nas: string; caCert: string; caKey: string; days: number; out: string }) => {
      const pool = createWorkerPool({ threads: 1 })
      try {
        const cert = await issueNasCertificate(pool, {
          caCertPem: readFileSync(o.caCert, 'utf8'), caKeyPem: readFileSync(o.caKey, 'utf8'), org: o.org, site: o.site, nasId: o.nas, validDays: o.days,
        })
        writePrivateFile(`${o.out}-key.pem`, cert.keyPem)
        writePrivateFile(`${o.out}.pem`, cert.certPem, 0o644)
        process.stdout.write(`${o.out}.pem, ${o.out}-key.pem\n`)
      } finally {
        await pool.destroy()
      }
    })
}
