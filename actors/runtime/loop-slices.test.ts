// LoopSlices: steps run at once within a slice's budget, later ones wait for later turns in arrival
// order, the loop gets its turn (timers, immediates) between slices, and a step's result or error
// reaches its caller.
import { performance } from 'node:perf_hooks'
import { describe, expect, test } from 'vitest'
import { LoopSlices } from './loop-slices.js'

/** Busy for `ms` of wall time: a stand-in for an OpenSSL handshake step. */
function spin(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end) { /* busy */ }
}

describe('LoopSlices', () => {
  test('runs steps at once while the slice has budget, then one slice per turn with the loop in between', async () => {
    const slices = new LoopSlices(5)
    const log: string[] = []
    const done: Array<Promise<number>> = []
    for (let i = 0; i < 8; i++) done.push(slices.run(() => { spin(2); log.push(`step ${i}`); return i }))
    // 2 ms steps in a 5 ms slice: three fit (the third starts at 4 ms), fewer if this process was
    // descheduled meanwhile (the budget is wall time); the others wait.
    const atOnce = log.length
    expect(atOnce).toBeGreaterThanOrEqual(1)
    expect(atOnce).toBeLessThanOrEqual(3)
    expect(slices.stats()).toMatchObject({ ranAtOnce: atOnce, deferred: 8 - atOnce, waiting: 8 - atOnce })
    // Something else the loop has to do: it must come before the deferred steps are all through.
    const timer = new Promise<void>((resolve) => setTimeout(() => { log.push('timer'); resolve() }, 0))
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    await timer
    const at = log.indexOf('timer')
    expect(at).toBeGreaterThanOrEqual(atOnce)
    expect(at).toBeLessThan(log.length - 1)
    expect(log.filter((l) => l !== 'timer')).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => `step ${i}`))
    expect(slices.stats().waiting).toBe(0)
  })

  test('a step arriving while others wait queues behind them, even with budget to spare', async () => {
    const slices = new LoopSlices(3)
    const order: string[] = []
    const a = slices.run(() => { spin(4); order.push('a') })
    const b = slices.run(() => { order.push('b') })
    // In the next turn the slice is fresh, but b still waits: c must not overtake it.
    await new Promise((r) => setImmediate(r))
    const c = slices.run(() => { order.push('c') })
    await Promise.all([a, b, c])
    expect(order).toEqual(['a', 'b', 'c'])
  })

  test("a step's error reaches its caller and the following steps still run", async () => {
    const slices = new LoopSlices(1)
    const first = slices.run(() => { spin(2); throw new Error('at once') })
    const second = slices.run(() => { throw new Error('deferred') })
    const third = slices.run(() => 'ran')
    await expect(first).rejects.toThrow('at once')
    await expect(second).rejects.toThrow('deferred')
    await expect(third).resolves.toBe('ran')
  })

  test('after the loop goes idle a new step runs at once again', async () => {
    const slices = new LoopSlices(2)
    await Promise.all([slices.run(() => spin(3)), slices.run(() => 1)])
    await new Promise((r) => setTimeout(r, 5))
    let ran = false
    const p = slices.run(() => { ran = true })
    expect(ran).toBe(true)
    await p
  })
})
