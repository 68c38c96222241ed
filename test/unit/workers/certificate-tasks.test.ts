// The certificate tasks called directly (no pool): RFC 5280 profile checked by node:crypto and by
// the real openssl binary, never by forge itself.
import { X509Certificate, createPrivateKey } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createCa } from '../../../workers/tasks/create-ca.js'
import { issueCertificate } from '../../../workers/tasks/issue-certificate.js'
import { ipAddressBytes } from '../../../workers/tasks/ip-address-bytes.js'
import { randomSerialHex } from '../../../workers/tasks/certificate-serial.js'
import { opensslText, opensslVerify } from './openssl.js'

describe('createCa', () => {
  const ca = createCa({ commonName: 'demo device CA', organization: 'demo', validDays: 30 })
  const x = new X509Certificate(ca.certPem)

  it('is a self-signed CA with the RFC 5280 CA extensions', () => {
    expect(x.ca).toBe(true)
    expect(x.subject).toBe('O=demo\nCN=demo device CA')
    expect(x.issuer).toBe(x.subject)
    expect(x.verify(x.publicKey)).toBe(true)
    expect(x.checkPrivateKey(createPrivateKey(ca.keyPem))).toBe(true)
    const text = opensslText(ca.certPem)
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE/)
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/)
    expect(text).toContain('X509v3 Subject Key Identifier')
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption')
    expect(text).toContain('Public-Key: (2048 bit)')
    expect(text).toContain('Version: 3 (0x2)')
  })

  it('has a validity of validDays', () => {
    const days = (Date.parse(x.validTo) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(29.9)
    expect(days).toBeLessThan(30.1)
  })

  it('rejects a bad validDays', () => {
    expect(() => createCa({ commonName: 'x', validDays: 0 })).toThrow(RangeError)
  })
})

describe('issueCertificate', () => {
  const ca = createCa({ commonName: 'test CA', validDays: 10 })
  const caX = new X509Certificate(ca.certPem)

  it('issues a server+client leaf that openssl verifies, with SAN, EKU, AKI', () => {
    const leaf = issueCertificate({
      caCertPem: ca.certPem,
      caKeyPem: ca.keyPem,
      subject: { CN: 'ap1', O: 'demo', OU: 'hq' },
      sans: { dns: ['localhost'], ip: ['127.0.0.1', '::1'], uri: ['urn:nac:nas:demo:hq:ap1'] },
      usage: 'server+client',
      validDays: 5,
    })
    const x = new X509Certificate(leaf.certPem)
    expect(x.ca).toBe(false)
    expect(x.subject).toBe('O=demo\nOU=hq\nCN=ap1')
    expect(x.verify(caX.publicKey)).toBe(true)
    expect(x.checkIssued(caX)).toBe(true)
    expect(x.checkPrivateKey(createPrivateKey(leaf.keyPem))).toBe(true)
    expect(x.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, URI:urn:nac:nas:demo:hq:ap1')
    expect(x.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']))

    expect(opensslVerify(ca.certPem, leaf.certPem, 'sslserver').status).toBe(0)
    expect(opensslVerify(ca.certPem, leaf.certPem, 'sslclient').status).toBe(0)
    const text = opensslText(leaf.certPem)
    expect(text).toMatch(/X509v3 Basic Constraints:\s+CA:FALSE/)
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Key Encipherment/)
    expect(text).toMatch(/X509v3 Extended Key Usage:\s+TLS Web Server Authentication, TLS Web Client Authentication/)
    expect(text).toMatch(/X509v3 Subject Alternative Name:\s+DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, URI:urn:nac:nas:demo:hq:ap1/)
    // authorityKeyIdentifier equals the CA's subjectKeyIdentifier (RFC 5280 §4.2.1.1).
    const caSki = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(opensslText(ca.certPem))?.[1]
    const aki = /Authority Key Identifier:\s+(?:keyid:)?([0-9A-F:]+)/.exec(text)?.[1]
    expect(caSki).toBeDefined()
    expect(aki).toBe(caSki)
  })

  it('a client-only leaf fails openssl purpose sslserver and passes sslclient', () => {
    const leaf = issueCertificate({
      caCertPem: ca.certPem, caKeyPem: ca.keyPem, subject: { CN: 'c' }, sans: {}, usage: 'client', validDays: 1,
    })
    expect(opensslVerify(ca.certPem, leaf.certPem, 'sslclient').status).toBe(0)
    expect(opensslVerify(ca.certPem, leaf.certPem, 'sslserver').status).not.toBe(0)
    expect(opensslText(leaf.certPem)).not.toContain('Subject Alternative Name')
  })

  it('a leaf from another CA does not verify', () => {
    const other = createCa({ commonName: 'other CA', validDays: 10 })
    const leaf = issueCertificate({
      caCertPem: other.certPem, caKeyPem: other.keyPem, subject: { CN: 's' }, sans: { dns: ['x'] }, usage: 'server', validDays: 1,
    })
    expect(new X509Certificate(leaf.certPem).checkIssued(caX)).toBe(false)
    expect(opensslVerify(ca.certPem, leaf.certPem).status).not.toBe(0)
  })

  it('rejects a malformed IP SAN', () => {
    expect(() => issueCertificate({
      caCertPem: ca.certPem, caKeyPem: ca.keyPem, subject: { CN: 's' }, sans: { ip: ['300.1.1.1'] }, usage: 'server', validDays: 1,
    })).toThrow(/not an IP address/)
  })
})

describe('ipAddressBytes', () => {
  it.each([
    ['127.0.0.1', '7f000001'],
    ['::1', '00000000000000000000000000000001'],
    ['fe80::1:2', 'fe800000000000000000000000010002'],
    ['2001:db8::', '20010db8000000000000000000000000'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
  ])('%s', (ip, hex) => {
    expect(Buffer.from(ipAddressBytes(ip) ?? '', 'latin1').toString('hex')).toBe(hex)
  })
  it.each(['256.0.0.1', '1.2.3', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7::8', 'g::1', '', '::ffff:1.2.3.4'])('rejects %j', (ip) => {
    expect(ipAddressBytes(ip)).toBeUndefined()
  })
})

describe('randomSerialHex', () => {
  it('is 16 bytes, positive, minimal DER', () => {
    for (let i = 0; i < 500; i++) {
      const first = parseInt(randomSerialHex().slice(0, 2), 16)
      expect(first).toBeGreaterThan(0)
      expect(first).toBeLessThan(0x80)
    }
  })
})
