// `nac config apply` straight to KV keeps the RadSec NAS devices registered through the API (a
// file cannot carry them), and refuses a file that drops a site one of them stands in; real
// nats-server, the CLI's own storing function, then the CLI itself for the refusal.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readOrg, writeOrg } from '../../../ops/cluster/config-store.js'
import { SiteInUseError, applyOrgFile } from '../../../ops/cluster/org-file-apply.js'
import { ensureTopology, type Topology } from '../../../ops/nats/topology.js'
import { loadOrCreateClusterKey } from '../../../ops/secrets/index.js'
import type { OrgConfig } from '../../../proto/wire/org-config.js'
import { startNatsWithConnection, type NatsWithConnection } from '../../support/nats-connection.js'

const ROOT = join(import.meta.dirname, '..', '..', '..')

const base = (sites: string[], rule: string): OrgConfig => ({
  v: 1, org: 'acme', name: undefined, deviceCa: '', labels: [],
  sites: sites.map((id) => ({ id, name: undefined })),
  radiusClients: [{ name: 'lo', cidr: '127.0.0.0/8', secret: 'acme-secret', site: undefined, vendor: undefined }],
  rules: [{ name: rule, match: ['MAB'], action: 'allow', assign: [] }],
})

describe('config apply straight to KV', () => {
  let n: NatsWithConnection
  let topo: Topology
  let dir: string
  let keyFile: string
  let key: Buffer

  beforeAll(async () => {
    n = await startNatsWithConnection()
    topo = await ensureTopology(n.nc)
    dir = mkdtempSync(join(tmpdir(), 'nac-org-file-apply-'))
    keyFile = join(dir, 'cluster.key')
    key = loadOrCreateClusterKey(keyFile)
  })

  afterAll(async () => {
    await n?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  it('keeps the NAS devices registered through the API and takes everything else from the file', async () => {
    const ap = { name: 'ap-1', site: 'hq', vendor: 'aruba', mac: '02:00:00:00:00:01', description: undefined }
    // As the API's nas-devices route stores it.
    await writeOrg(topo.config, { ...base(['hq', 'lab'], 'old'), nasDevices: [ap] }, 0, key)
    await applyOrgFile(topo.config, base(['hq'], 'new'), key)
    const stored = (await readOrg(topo.config, 'acme'))?.value
    expect(stored?.rules.map((r) => r.name)).toEqual(['new'])
    expect(stored?.sites.map((s) => s.id)).toEqual(['hq'])
    expect(stored?.nasDevices).toEqual([{ name: 'ap-1', site: 'hq', vendor: 'aruba', mac: '02:00:00:00:00:01' }])
  })

  it('refuses a file that drops the site of a registered NAS device, and stores nothing', async () => {
    const before = await readOrg(topo.config, 'acme')
    const err = await applyOrgFile(topo.config, base(['lab'], 'newer'), key).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SiteInUseError)
    expect(err).toMatchObject({ code: 'NAC_ERR_CONFIG_SITE_IN_USE', site: 'hq', devices: ['ap-1'] })
    expect((await readOrg(topo.config, 'acme'))?.revision).toBe(before?.revision)

    // The CLI says so and exits 1.
    const file = join(dir, 'acme.yaml')
    writeFileSync(file, [
      'org: acme', 'sites: [{ id: lab }]',
      'radiusClients: [{ name: lo, cidr: 127.0.0.0/8, secret: acme-secret }]',
      'rules: [{ name: newer, match: [MAB], action: allow }]', '',
    ].join('\n'))
    const cli = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'ops', 'cli', 'main.ts'), 'config', 'apply', file, '--nats', n.nats.url, '--cluster-key', keyFile], { cwd: ROOT })
      .then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }))
    expect(cli.code).toBe(1)
    expect(cli.stderr).toContain('NAC_ERR_CONFIG_SITE_IN_USE')
    expect(cli.stderr).toContain('"ap-1"')
    expect((await readOrg(topo.config, 'acme'))?.revision).toBe(before?.revision)
  })

  it('stores the file as it is for an org without registered devices', async () => {
    await applyOrgFile(topo.config, { ...base(['x'], 'r'), org: 'beta' }, key)
    const stored = (await readOrg(topo.config, 'beta'))?.value
    expect(stored?.sites.map((s) => s.id)).toEqual(['x'])
    expect(stored !== undefined && 'nasDevices' in stored).toBe(false)
  })
})
