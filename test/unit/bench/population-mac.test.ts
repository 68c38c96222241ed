// The MAC spellings of the simulated population (bench/core/population.ts): dashedMac is the
// Calling-Station-Id form of RFC 3580 §3.21 ("00-10-A4-23-19-C0"), checked against the plain
// regex-and-join spelling of it for the population's MACs and random ones.
import { describe, expect, it } from 'vitest'
import { dashedMac, macOf } from '../../../bench/core/population.js'

const reference = (mac: string): string => (mac.match(/../g) ?? []).join('-').toUpperCase()

describe('dashedMac', () => {
  it('spells MACs as RFC 3580 §3.21 shows them', () => {
    expect(dashedMac('0010a42319c0')).toBe('00-10-A4-23-19-C0')
  })

  it('equals the reference spelling for population and random MACs', () => {
    for (let i = 0; i < 2000; i++) expect(dashedMac(macOf(i))).toBe(reference(macOf(i)))
    for (let i = 0; i < 200; i++) {
      const mac = Array.from({ length: 12 }, () => Math.floor(Math.random() * 16).toString(16)).join('')
      expect(dashedMac(mac)).toBe(reference(mac))
    }
  })
})
