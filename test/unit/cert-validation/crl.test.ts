// CRL verification (RFC 5280 §5, §6.3.3) against CRLs made by `openssl ca -revoke` and
// `openssl ca -gencrl`; `openssl crl -text` is the second opinion on what is listed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { crlFreshness, verifyCrl } from '../../../workers/tasks/cert-validation/index.js'
import { clientExt, openssl, OpensslPki, type Issued } from './openssl-ca.js'

let pki: OpensslPki
let revoked: Issued
let kept: Issued
let crl: Uint8Array

beforeAll(() => {
  pki = new OpensslPki()
  revoked = pki.issue('revoked', '/O=Test Org/CN=revoked', clientExt())
  kept = pki.issue('kept', '/O=Test Org/CN=kept', clientExt())
  pki.revoke(revoked, 'keyCompromise')
  crl = pki.genCrl('issuing.crl', { hours: 2 })
})

afterAll(() => pki.dispose())

describe('verifyCrl', () => {
  it('verifies the signature by the issuing CA and lists the revoked serial with its reason (openssl agrees)', () => {
    const r = verifyCrl({ crlDer: crl, issuerDer: pki.issuing.der })
    if (!r.ok) throw new Error(r.message)
    const text = openssl(['crl', '-inform', 'DER', '-in', 'issuing.crl', '-noout', '-text'], pki.dir)
    const serialOf = (c: Issued): string => openssl(['x509', '-in', c.certPath, '-noout', '-serial'], pki.dir).trim().replace('serial=', '')
    expect(text).toContain(`Serial Number: ${serialOf(revoked)}`)
    expect(r.entries.map((e) => e.serial)).toEqual([serialOf(revoked)])
    expect(r.entries.map((e) => e.serial)).not.toContain(serialOf(kept))
    expect(r.entries[0]?.reason).toBe('keyCompromise')
    expect(text).toContain('Key Compromise')
    expect(r.nextUpdateMs! - r.thisUpdateMs).toBe(2 * 3_600_000)
    expect(r.scope).toBe('all')
    expect(r.crlNumber).toBe('01')
  })

  it('refuses a CRL checked against another CA (name and key differ)', () => {
    expect(verifyCrl({ crlDer: crl, issuerDer: pki.root.der })).toMatchObject({ ok: false })
  })

  it('refuses a CRL whose signature does not verify', () => {
    const bad = crl.slice()
    bad[bad.length - 3] = (bad[bad.length - 3] ?? 0) ^ 0x01
    expect(verifyCrl({ crlDer: bad, issuerDer: pki.issuing.der })).toMatchObject({ ok: false, message: expect.stringMatching(/signature/) })
  })

  it('refuses malformed DER without throwing', () => {
    expect(verifyCrl({ crlDer: crl.subarray(0, 40), issuerDer: pki.issuing.der }).ok).toBe(false)
    expect(verifyCrl({ crlDer: new Uint8Array(), issuerDer: new Uint8Array() }).ok).toBe(false)
  })
})

describe('crlFreshness', () => {
  const policy = { graceMs: 60_000, maxAgeWithoutNextUpdateMs: 3_600_000, clockSkewMs: 5_000 }
  const times = { thisUpdateMs: 1_000_000, nextUpdateMs: 2_000_000 }
  it('is current between thisUpdate and nextUpdate + grace', () => {
    expect(crlFreshness(times, 1_500_000, policy)).toBe('current')
    expect(crlFreshness(times, 2_000_000 + 60_000, policy)).toBe('current')
  })
  it('is stale after nextUpdate + grace, and not yet valid before thisUpdate - skew', () => {
    expect(crlFreshness(times, 2_000_000 + 60_001, policy)).toBe('stale')
    expect(crlFreshness(times, 1_000_000 - 5_001, policy)).toBe('not-yet-valid')
  })
  it('uses the age limit when there is no nextUpdate', () => {
    expect(crlFreshness({ thisUpdateMs: 0, nextUpdateMs: undefined }, 3_600_000, policy)).toBe('current')
    expect(crlFreshness({ thisUpdateMs: 0, nextUpdateMs: undefined }, 3_700_000, policy)).toBe('stale')
  })
})
