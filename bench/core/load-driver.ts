// Drives one target: simulated clients spread over its NAS transports (a client always uses the
// same NAS, as a device stays on its switch port), in closed loop (C authentications in flight)
// or open loop (R per second, started on schedule whether or not earlier ones finished, with
// at most maxPending in flight: beyond that an arrival is shed and counted as an error). A phase
// ends at its duration or count, then waits for what is in flight, which the transports bound.
import type { SimClient } from './population.js'
import type { Recorder } from './recorder.js'
import { cpuMsByPart, selfCpuMs } from './process-cpu.js'
import { pick, type WeightedMix } from '../scenarios/registry.js'
import { Outcome } from '../scenarios/scenario.js'
import type { RoundTripper } from '../transport/round-tripper.js'

export type LoadMode = { kind: 'closed'; concurrency: number } | { kind: 'open'; ratePerSec: number; maxPending: number }

export interface PhaseLimits {
  durationMs?: number
  /** Authentications to start in this phase. */
  count?: number
}

export class LoadDriver {
  private next = 0
  private readonly busy: Uint8Array
  private inFlight = 0
  /** Target CPU and harness CPU over measured phases, ms; targetCpuMs is the sum of targetCpuParts. */
  targetCpuMs = 0
  readonly targetCpuParts = new Map<string, number>()
  clientCpuMs = 0

  constructor(
    private readonly clients: readonly SimClient[],
    private readonly nas: readonly RoundTripper[],
    private readonly mix: WeightedMix,
    private readonly mode: LoadMode,
    readonly recorder: Recorder,
    private readonly targetPids: () => readonly number[],
  ) {
    if (nas.length === 0) throw new Error('no NAS transports')
    this.busy = new Uint8Array(clients.length)
  }

  private takeClient(): SimClient {
    const n = this.clients.length
    for (let k = 0; k < n; k++) {
      const i = (this.next + k) % n
      if (this.busy[i] === 0) { this.next = i + 1; return this.clients[i] as SimClient }
    }
    const c = this.clients[this.next % n] as SimClient
    this.next++
    return c
  }

  private async one(record: boolean): Promise<void> {
    const client = this.takeClient()
    this.busy[client.index] = 1
    this.inFlight++
    const scenario = pick(this.mix, Math.random())
    const nas = this.nas[client.index % this.nas.length] as RoundTripper
    const t0 = performance.now()
    try {
      const r = await scenario.run({ client, nas })
      if (record) this.recorder.add(scenario.name, r, performance.now() - t0)
    } catch (err) {
      if (record) this.recorder.add(scenario.name, { outcome: Outcome.ERROR, rounds: 0, roundLatenciesMs: [], detail: `scenario threw: ${String(err)}`, expected: false }, 0)
    } finally {
      this.busy[client.index] = 0
      this.inFlight--
    }
  }

  /** Adds the CPU between two by-part snapshots, and their total from the same reads. */
  private addTargetCpu(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): void {
    for (const part of new Set([...before.keys(), ...after.keys()])) {
      const ms = (after.get(part) ?? 0) - (before.get(part) ?? 0)
      this.targetCpuParts.set(part, (this.targetCpuParts.get(part) ?? 0) + ms)
      this.targetCpuMs += ms
    }
  }

  /** Runs one phase; `record` false for warm-up. Resolves once everything it started has finished. */
  async phase(limits: PhaseLimits, record: boolean): Promise<void> {
    const start = performance.now()
    const cpu0 = record ? cpuMsByPart(this.targetPids()) : new Map<string, number>()
    const self0 = selfCpuMs()
    const end = limits.durationMs === undefined ? Infinity : start + limits.durationMs
    const max = limits.count ?? Infinity
    let started = 0
    const more = (): boolean => performance.now() < end && started < max
    if (this.mode.kind === 'closed') {
      const worker = async (): Promise<void> => {
        while (more()) { started++; await this.one(record) }
      }
      await Promise.all(Array.from({ length: this.mode.concurrency }, worker))
    } else {
      const { ratePerSec, maxPending } = this.mode
      const running = new Set<Promise<void>>()
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          const due = Math.min(max, Math.floor(((performance.now() - start) / 1000) * ratePerSec))
          while (started < due && more()) {
            started++
            if (this.inFlight >= maxPending) {
              if (record) this.recorder.add('shed', { outcome: Outcome.ERROR, rounds: 0, roundLatenciesMs: [], detail: 'shed: max pending reached', expected: false }, 0)
              continue
            }
            const p = this.one(record)
            running.add(p)
            void p.finally(() => running.delete(p))
          }
          if (!more()) { clearInterval(timer); resolve() }
        }, 5)
      })
      await Promise.all(running)
    }
    if (record) {
      this.recorder.measuredMs += performance.now() - start
      this.addTargetCpu(cpu0, cpuMsByPart(this.targetPids()))
      this.clientCpuMs += selfCpuMs() - self0
    }
  }
}
