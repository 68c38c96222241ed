// Client CPU per EAP-TLS session: eapol_test (Debian eapoltest, wpa_supplicant's test client)
// against the harness, driving the same target for the same number of sessions. eapol_test runs
// one process per session (as load testers use it), or `-r` re-authentications in one process;
// its CPU is the children's utime+stime that bash's `times` reports. The harness runs as a child
// of bash too (whole process, start-up included) and reports its measured-phase CPU itself.
// `--baseline <dir>` runs the harness of another checkout (e.g. `git archive <commit> | tar -x`,
// node_modules linked) against the same target too, alternating with this one `--rounds` times,
// so that figures before and after a change come side by side from one run. `--tls-clients
// lean,node` runs this checkout's harness once per EAP-TLS 1.3 client (its --tls-client) in each
// round, so the lean TLS 1.3 client and node:tls compare in one run too.
//   npx tsx bench/tools/eapol-cpu.ts --target freeradius|cluster --tls 1.3 --count 200 [--parallel 2] [--reauth]
//     [--harness-warmup 3s] [--baseline /tmp/nac-before] [--rounds 3] [--tls-clients lean,node]
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import { eapolTlsConf } from '../../ops/demo/eapol-conf.js'
import { startCluster, ROOT } from '../peers/cluster/cluster-peer.js'
import { makeEapPki } from '../peers/freeradius/eap-pki.js'
import { startFreeradius } from '../peers/freeradius/freeradius-peer.js'
import { makeOpensslPki } from '../peers/openssl-pki.js'
import type { RunResult } from '../report/run-result.js'

/** Runs `script` under bash and returns its stdout and the children's CPU from `times`, ms. */
export function bashTimes(script: string): Promise<{ out: string; childCpuMs: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn('bash', ['-c', `${script}\ntimes`], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    p.stdout.on('data', (d: Buffer) => { out += d.toString() })
    p.on('error', reject)
    p.on('close', () => {
      // `times`: the shell's user/sys, then its children's: "0m1.234s 0m0.567s".
      const lines = out.trim().split('\n')
      const child = (lines[lines.length - 1] ?? '').match(/(\d+)m([\d.]+)s/g) ?? []
      const ms = child.reduce((s, t) => { const m = /(\d+)m([\d.]+)s/.exec(t); return s + (m === null ? 0 : (Number(m[1]) * 60 + Number(m[2])) * 1000) }, 0)
      resolve({ out: lines.slice(0, -2).join('\n'), childCpuMs: ms })
    })
  })
}

/** `count` eapol_test sessions in `parallel` shells; successes counted by exit status (or EAP-Success lines with -r). */
export async function eapolTestCpu(conf: string, port: number, count: number, parallel: number, reauth: boolean): Promise<{ success: number; cpuMs: number }> {
  const base = `eapol_test -c ${conf} -a 127.0.0.1 -p ${port} -s testing123 -t 10 -N 12:d:1400`
  const per = Array.from({ length: parallel }, (_, i) => Math.floor(count / parallel) + (i < count % parallel ? 1 : 0))
  const runs = await Promise.all(per.filter((n) => n > 0).map((n) => bashTimes(reauth
    ? `${base} -r ${n - 1} | grep -c 'CTRL-EVENT-EAP-SUCCESS'`
    : `ok=0; for i in $(seq ${n}); do if ${base} >/dev/null 2>&1; then ok=$((ok+1)); fi; done; echo $ok`)))
  return { success: runs.reduce((s, r) => s + Number(r.out.trim().split('\n').pop() ?? 0), 0), cpuMs: runs.reduce((s, r) => s + r.childCpuMs, 0) }
}

interface Opts {
  target: 'freeradius' | 'cluster'; tls: '1.2' | '1.3'; count: number; parallel: number; reauth: boolean; concurrency: number
  harnessWarmup: string; baseline?: string; rounds: number; tlsClients: string
}

interface HarnessRun { label: string; success: number; measuredPer: number; wholePer: number }

async function main(o: Opts): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-eapol-cpu-'))
  const eap = makeEapPki(dir)
  const stop: Array<() => Promise<void>> = []
  try {
    let port: number
    if (o.target === 'cluster') {
      const c = await startCluster({ knownMacs: [], eapPki: { clientCaFile: eap.clientCa, serverCertFile: eap.serverCert, serverKeyFile: eap.serverKey } })
      stop.push(() => c.stop())
      port = c.authPort
    } else {
      const p = makeOpensslPki(dir)
      const fr = await startFreeradius({ udpSecret: 'testing123', knownMacs: [], tls: { certFile: p.serverCertFile, keyFile: p.serverKeyFile, clientCaFile: p.caFile },
        eap: { certFile: eap.serverCert, keyFile: eap.serverKey, clientCaFile: eap.clientCa } })
      stop.push(() => fr.stop())
      port = fr.udpPort
    }
    const conf = join(dir, 'eapol.conf')
    writeFileSync(conf, eapolTlsConf({ tls: o.tls, identity: eap.identity, caCert: eap.serverCa, clientCert: eap.clientCert, privateKey: eap.clientKey, serverName: eap.serverName }))
    const e = await eapolTestCpu(conf, port, o.count, o.parallel, o.reauth)
    const eapolPer = e.cpuMs / o.count
    const kinds = o.tlsClients.split(',').map((k) => k.trim()).filter((k) => k !== '')
    const checkouts = [
      ...(o.baseline === undefined ? [] : [{ label: `harness ${o.baseline}`, root: o.baseline, args: '' }]),
      ...(kinds.length === 0 ? [{ label: 'harness (this checkout)', root: ROOT, args: '' }] : kinds.map((k) => ({ label: `harness (this checkout, --tls-client ${k})`, root: ROOT, args: `--tls-client ${k} ` }))),
    ]
    const runs: HarnessRun[] = []
    for (let round = 0; round < o.rounds; round++) {
      for (const c of checkouts) {
        const out = join(dir, `harness-${round}-${runs.length}`)
        const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs')
        const h = await bashTimes(`cd ${c.root} && ${process.execPath} ${tsx} bench/cli.ts run --target udp://127.0.0.1:${port} --secret testing123 --scenario eap-tls${o.tls.replace('.', '')} `
          + `${c.args}--eap-cert ${eap.clientCert} --eap-key ${eap.clientKey} --eap-ca ${eap.serverCa} --count ${o.count} --warmup ${o.harnessWarmup} --concurrency ${o.concurrency} --nas 4 --no-progress --out ${out} >/dev/null`)
        const r = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResult
        const t = r.targets[0]
        if (c === checkouts[checkouts.length - 1] && round === 0) process.stdout.write(`${r.machine.nproc} CPUs (${r.machine.cpuModel}), Node ${r.machine.node}, commit ${r.machine.commit}; target ${o.target} (UDP), EAP-TLS ${o.tls}, ${o.count} sessions, harness warm-up ${o.harnessWarmup}\n`)
        runs.push({ label: `${c.label}, round ${round + 1}`, success: t?.counts.success ?? 0, measuredPer: t?.cpu.clientMsPerAuth ?? NaN, wholePer: h.childCpuMs / o.count })
      }
    }
    const row = (k: string, ...cells: string[]): string => `${k.padEnd(50)}${cells.map((c) => c.padStart(12)).join('')}`
    const ms = (v: number): string => `${v.toFixed(3)} ms`
    const ratio = (v: number): string => `${(eapolPer / v).toFixed(1)}×`
    process.stdout.write(`${row('', 'succeeded', 'CPU/session', 'ratio', 'whole run', 'ratio')}\n`
      + `${row(`eapol_test${o.reauth ? ' -r' : ' (a process per session)'}`, String(e.success), ms(eapolPer), '', '', '')}\n`
      + runs.map((h) => `${row(h.label, String(h.success), ms(h.measuredPer), ratio(h.measuredPer), ms(h.wholePer), ratio(h.wholePer))}\n`).join('')
      + '(harness CPU/session: its measured phase, warm-up excluded; whole run: the process from start to exit incl. start-up and warm-up, from bash `times`, per measured session; ratio: eapol_test / harness)\n')
  } finally {
    for (const s of stop.reverse()) await s().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  }
}

new Command('eapol-cpu')
  .option('--target <t>', 'freeradius | cluster', 'freeradius')
  .option('--tls <v>', '1.2 | 1.3', '1.3')
  .option('--count <n>', 'sessions', (v) => Number(v), 200)
  .option('--parallel <n>', 'eapol_test shells at once', (v) => Number(v), 2)
  .option('--concurrency <n>', 'harness sessions in flight', (v) => Number(v), 8)
  .option('--reauth', 'one eapol_test process per shell with -r re-authentications', false)
  .option('--harness-warmup <d>', 'the harness\'s warm-up before its measured sessions (its --warmup)', '0')
  .option('--baseline <dir>', 'another checkout whose harness runs too, alternating with this one')
  .option('--rounds <n>', 'alternations of the harness runs', (v) => Number(v), 1)
  .option('--tls-clients <list>', "this checkout's harness once per EAP-TLS 1.3 client, e.g. lean,node (its --tls-client; default: the harness's default)", '')
  .action((o: Opts) => main(o))
  .parseAsync(process.argv)
  .catch((err: unknown) => { process.stderr.write(`eapol-cpu: ${String(err)}\n`); process.exit(1) })
