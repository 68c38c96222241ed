// MAC spellings of requirements §4.3 ("1122AA33BB44 and/or 11-22-AA-33-BB-44 and/or 11-22-AA*").
import { describe, expect, it } from 'vitest'
import { canonicalMac, canonicalMacPattern, macMatches } from '../../../proto/wire/mac.js'

describe('canonicalMac', () => {
  it.each([
    ['1122AA33BB44', '1122aa33bb44'],
    ['11-22-AA-33-BB-44', '1122aa33bb44'],
    ['11:22:aa:33:bb:44', '1122aa33bb44'],
    ['1122.aa33.bb44', '1122aa33bb44'],
    ['1122aa-33bb44', '1122aa33bb44'],
    [' 02:00:00:00:00:01 ', '020000000001'],
  ])('%s → %s', (input, want) => expect(canonicalMac(input)).toBe(want))

  it.each(['', '1122AA33BB4', '1122AA33BB445', '11:22:AA:33:BB:4G', '11-22:AA-33-BB-44x', 'alice', '11:22:aa:33:bb'])('refuses %j', (input) => {
    expect(canonicalMac(input)).toBeUndefined()
  })
})

describe('client-list patterns', () => {
  it.each([
    ['11-22-AA*', '1122aa*'],
    ['0ea5*', '0ea5*'],
    ['82f56e39687b', '82f56e39687b'],
  ])('%s → %s', (input, want) => expect(canonicalMacPattern(input)).toBe(want))

  it.each(['*', 'zz*', '1122334455667*', 'x'])('refuses %j', (input) => expect(canonicalMacPattern(input)).toBeUndefined())

  it('matches prefixes and exact MACs only', () => {
    expect(macMatches('1122aa33bb44', '1122aa*')).toBe(true)
    expect(macMatches('1122ab33bb44', '1122aa*')).toBe(false)
    expect(macMatches('1122aa33bb44', '1122aa33bb44')).toBe(true)
    expect(macMatches('1122aa33bb45', '1122aa33bb44')).toBe(false)
  })
})
