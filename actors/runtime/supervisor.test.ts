// Supervisor rules: at most maxRestarts failures per window, then a cool-down; old failures age out.
import { describe, expect, test } from 'vitest'
import { Supervisor } from './supervisor.js'

describe('Supervisor', () => {
  test('allows maxRestarts per window, then cools down', () => {
    const sv = new Supervisor({ maxRestarts: 2, windowMs: 1000, coolDownMs: 500 })
    expect(sv.recordFailure('k', 0)).toBe(false)
    expect(sv.recordFailure('k', 10)).toBe(false)
    expect(sv.coolDownLeft('k', 20)).toBe(0)
    expect(sv.recordFailure('k', 20)).toBe(true)
    expect(sv.coolDownLeft('k', 120)).toBe(400)
    expect(sv.coolDownLeft('k', 520)).toBe(0)
    expect(sv.recordFailure('other', 0)).toBe(false)
    sv.sweep(5000)
    expect(sv.hasFailed('k')).toBe(false)
  })

  test('failures older than the window do not count', () => {
    const sv = new Supervisor({ maxRestarts: 2, windowMs: 100, coolDownMs: 500 })
    for (let t = 0; t < 1000; t += 60) expect(sv.recordFailure('k', t)).toBe(false)
  })
})
