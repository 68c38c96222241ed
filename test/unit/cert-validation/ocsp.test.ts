// OCSP (RFC 6960): our request is read and answered by `openssl ocsp` (index.txt of `openssl ca`,
// no server: -reqin/-respout), and its answers are verified by verifyOcspResponse.
import { readFileSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildOcspRequest, verifyOcspResponse, type VerifyOcspResponseInput } from '../../../workers/tasks/cert-validation/index.js'
import { clientExt, openssl, OpensslPki, type Issued } from './openssl-ca.js'

let pki: OpensslPki
let good: Issued
let revoked: Issued
let signer: Issued
let stranger: Issued
const nonce = new Uint8Array(16).map((_, i) => i + 1)

beforeAll(() => {
  pki = new OpensslPki()
  good = pki.issue('good', '/O=Test Org/CN=good', clientExt())
  revoked = pki.issue('revoked', '/O=Test Org/CN=revoked', clientExt())
  signer = pki.ocspSigner()
  pki.revoke(revoked, 'affiliationChanged')
  // Signed by the issuing CA but never recorded in index.txt: the responder does not know it.
  stranger = pki.signWithX509('stranger', '/O=Test Org/CN=stranger', pki.issuing, clientExt())
})

afterAll(() => pki.dispose())

function request(cert: Issued): Uint8Array {
  const r = buildOcspRequest({ certDer: cert.der, issuerDer: pki.issuing.der, nonce })
  if (!r.ok) throw new Error(r.message)
  return r.requestDer
}

/** openssl ocsp answering our request from the CA's index.txt, signed by `rsigner`. */
function answer(cert: Issued, rsigner: Issued = signer, extra: string[] = []): Uint8Array {
  writeFileSync(pki.path('req.der'), request(cert))
  openssl(['ocsp', '-index', 'index.txt', '-CA', pki.issuing.certPath, '-rsigner', rsigner.certPath, '-rkey', rsigner.keyPath,
    '-reqin', 'req.der', '-respout', 'resp.der', '-ndays', '1', ...extra], pki.dir)
  return new Uint8Array(readFileSync(pki.path('resp.der')))
}

function verify(cert: Issued, responseDer: Uint8Array, over: Partial<VerifyOcspResponseInput> = {}): ReturnType<typeof verifyOcspResponse> {
  return verifyOcspResponse({ responseDer, certDer: cert.der, issuerDer: pki.issuing.der, nonce, atMs: Date.now(), clockSkewMs: 60_000, maxAgeMs: 300_000, ...over })
}

describe('buildOcspRequest', () => {
  it('is read by openssl ocsp: SHA-1 CertID with our serial, and the nonce', () => {
    writeFileSync(pki.path('req.der'), request(good))
    const text = openssl(['ocsp', '-reqin', 'req.der', '-req_text'], pki.dir)
    const serial = openssl(['x509', '-in', good.certPath, '-noout', '-serial'], pki.dir).trim().replace('serial=', '')
    expect(text).toContain('Hash Algorithm: sha1')
    expect(text).toContain(`Serial Number: ${serial}`)
    expect(text).toMatch(/OCSP Nonce:\s*\n\s*0410(0102030405060708090A0B0C0D0E0F10)/i)
  })
  it('refuses an empty or oversized nonce and malformed certificates', () => {
    expect(buildOcspRequest({ certDer: good.der, issuerDer: pki.issuing.der, nonce: new Uint8Array() }).ok).toBe(false)
    expect(buildOcspRequest({ certDer: good.der, issuerDer: pki.issuing.der, nonce: new Uint8Array(33) }).ok).toBe(false)
    expect(buildOcspRequest({ certDer: new Uint8Array([1, 2, 3]), issuerDer: pki.issuing.der, nonce }).ok).toBe(false)
  })
})

describe('verifyOcspResponse', () => {
  it('good, from a designated responder with id-kp-OCSPSigning', () => {
    const r = verify(good, answer(good))
    expect(r).toMatchObject({ ok: true, status: 'good' })
    if (r.ok) expect(r.nextUpdateMs).toBeGreaterThan(Date.now())
  })
  it('revoked, with the reason from index.txt', () => {
    expect(verify(revoked, answer(revoked))).toMatchObject({ ok: true, status: 'revoked', revocationReason: 'affiliationChanged' })
  })
  it('unknown, for a serial the responder does not know', () => {
    expect(verify(stranger, answer(stranger))).toMatchObject({ ok: true, status: 'unknown' })
  })
  it('good, signed by the issuing CA itself', () => {
    expect(verify(good, answer(good, pki.issuing))).toMatchObject({ ok: true, status: 'good' })
  })
  it('refuses a responder certificate without id-kp-OCSPSigning', () => {
    expect(verify(good, answer(good, good))).toMatchObject({ ok: false, message: expect.stringMatching(/OCSPSigning/) })
  })
  it('refuses a response with another nonce, about another certificate, or tampered', () => {
    const resp = answer(good)
    expect(verify(good, resp, { nonce: new Uint8Array([9, 9, 9]) })).toMatchObject({ ok: false, message: expect.stringMatching(/nonce/) })
    expect(verify(revoked, resp)).toMatchObject({ ok: false, message: expect.stringMatching(/does not cover/) })
    const bad = resp.slice()
    bad[bad.length - 3] = (bad[bad.length - 3] ?? 0) ^ 0x01
    expect(verify(good, bad).ok).toBe(false)
  })
  it('refuses a response past its nextUpdate and accepts a cached one without checking the nonce', () => {
    const resp = answer(good)
    expect(verify(good, resp, { atMs: Date.now() + 2 * 86_400_000 })).toMatchObject({ ok: false, message: expect.stringMatching(/nextUpdate/) })
    expect(verify(good, resp, { nonce: undefined })).toMatchObject({ ok: true, status: 'good' })
  })
  it('refuses a responder error status', () => {
    // OCSPResponse { responseStatus tryLater(3) }: 30 03 0a 01 03
    expect(verify(good, new Uint8Array([0x30, 0x03, 0x0a, 0x01, 0x03]))).toMatchObject({ ok: false, message: expect.stringMatching(/tryLater/) })
  })
})
