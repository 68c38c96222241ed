// Mailbox rules: one job at a time in order, the bound on waiting messages, system messages
// ahead of user messages, close() dropping what waits.
import { describe, expect, test } from 'vitest'
import { Mailbox } from './mailbox.js'

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

describe('Mailbox', () => {
  test('runs jobs one at a time, FIFO, with system jobs first, and bounds waiting user jobs', async () => {
    const log: string[] = []
    let release!: () => void
    const gate = new Promise<void>((r) => { release = r })
    const mb = new Mailbox(2, () => {})
    const job = (name: string, wait?: Promise<void>) => ({
      run: async () => { log.push(`start ${name}`); await wait; log.push(`end ${name}`) },
      drop: () => log.push(`drop ${name}`),
    })
    expect(mb.post(job('u1', gate))).toBe(true) // starts at once
    expect(mb.post(job('u2'))).toBe(true)
    expect(mb.post(job('u3'))).toBe(true)
    expect(mb.post(job('u4'))).toBe(false) // two waiting: full
    mb.postSystem(job('s1'))
    release()
    while (mb.active) await tick()
    expect(log).toEqual(['start u1', 'end u1', 'start s1', 'end s1', 'start u2', 'end u2', 'start u3', 'end u3'])
  })

  test('close drops waiting user jobs but still runs system jobs', async () => {
    const log: string[] = []
    let release!: () => void
    const gate = new Promise<void>((r) => { release = r })
    const mb = new Mailbox(8, () => {})
    mb.post({ run: () => gate })
    mb.post({ run: async () => { log.push('u2') }, drop: () => log.push('drop u2') })
    mb.postSystem({ run: async () => { log.push('passivate') } })
    mb.close()
    expect(mb.post({ run: async () => { log.push('late') } })).toBe(false)
    release()
    while (mb.active) await tick()
    expect(log).toEqual(['drop u2', 'passivate'])
  })

  test('a throwing job goes to onError and the loop goes on', async () => {
    const errors: unknown[] = []
    const ran: number[] = []
    const mb = new Mailbox(4, (e) => errors.push(e))
    mb.post({ run: async () => { throw new Error('x') } })
    mb.post({ run: async () => { ran.push(2) } })
    while (mb.active) await tick()
    expect(errors).toHaveLength(1)
    expect(ran).toEqual([2])
  })
})
