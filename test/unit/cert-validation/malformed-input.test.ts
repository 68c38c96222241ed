// Arbitrary and mutated DER never throws (STYLE.md: "arbitrary bytes never throw"): every task
// answers with a closed-set refusal instead.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildOcspRequest, validateClientCertificate, verifyCrl, verifyOcspResponse } from '../../../workers/tasks/cert-validation/index.js'
import { clientExt, OpensslPki, type Issued } from './openssl-ca.js'

let pki: OpensslPki
let leaf: Issued
let crl: Uint8Array
const REASONS = ['UNKNOWN_CA', 'EXPIRED', 'NOT_YET_VALID', 'REVOKED', 'BAD_USAGE', 'REVOCATION_UNKNOWN', 'INVALID']

beforeAll(() => {
  pki = new OpensslPki()
  leaf = pki.issue('leaf', '/O=Test Org/CN=leaf', clientExt({ san: 'DNS:a.example,otherName:1.3.6.1.4.1.311.20.2.3;UTF8:u@x' }))
  crl = pki.genCrl()
})
afterAll(() => pki.dispose())

/** A valid DER with a few bytes replaced, cut, or extended. */
const mutated = (base: () => Uint8Array): fc.Arbitrary<Uint8Array> =>
  fc.tuple(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), fc.option(fc.nat()))
    .map(([edits, cut]) => {
      const b = base().slice()
      for (const [at, v] of edits) b[at % b.length] = v
      return cut === null ? b : b.subarray(0, cut % (b.length + 1))
    })

const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 600 }), mutated(() => leaf.der))

describe('malformed input', () => {
  it('validateClientCertificate: arbitrary or mutated chains give ok or a closed-set reason', () => {
    fc.assert(fc.property(fc.array(anyBytes, { minLength: 0, maxLength: 3 }), (chain) => {
      const r = validateClientCertificate({ chainDer: chain, trustedCasPem: [pki.root.pem, pki.issuing.pem], atMs: Date.now(), purpose: 'clientAuth' })
      if (!r.ok) expect(REASONS).toContain(r.reason)
    }), { numRuns: 400 })
  })

  it('verifyCrl: arbitrary or mutated CRLs are refused or verified, never thrown', () => {
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 600 }), mutated(() => crl)), (bytes) => {
      const r = verifyCrl({ crlDer: bytes, issuerDer: pki.issuing.der })
      expect(typeof r.ok).toBe('boolean')
    }), { numRuns: 400 })
  })

  it('verifyOcspResponse and buildOcspRequest: arbitrary bytes are refused, never thrown', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), anyBytes, (resp, cert) => {
      expect(verifyOcspResponse({ responseDer: resp, certDer: cert, issuerDer: pki.issuing.der, nonce: undefined, atMs: 0, clockSkewMs: 0, maxAgeMs: 0 }).ok).toBe(false)
      expect(typeof buildOcspRequest({ certDer: cert, issuerDer: pki.issuing.der, nonce: new Uint8Array([1]) }).ok).toBe('boolean')
    }), { numRuns: 400 })
  })
})
