// NAS identity from a certificate's subject and SAN in Node's text forms (proto/wire).
import { describe, expect, it } from 'vitest'
import { nasIdentityFromCertificate, nasUrn } from '../../../proto/wire/nas-identity.js'

const id = { org: 'demo', site: 'hq', nasId: 'ap1' }

describe('nasIdentityFromCertificate', () => {
  it.each([
    ['subject only', { subject: 'O=demo\nOU=hq\nCN=ap1' }],
    ['with agreeing URN', { subject: 'O=demo\nOU=hq\nCN=ap1', subjectAltName: 'URI:urn:nac:nas:demo:hq:ap1' }],
    ['other SANs around it', { subject: 'C=DE\nO=demo\nOU=hq\nCN=ap1', subjectAltName: 'DNS:ap1.example, URI:urn:nac:nas:demo:hq:ap1, IP Address:10.0.0.1' }],
    ['unrelated URI', { subject: 'O=demo\nOU=hq\nCN=ap1', subjectAltName: 'URI:https://example.com/x' }],
    ['empty SAN string', { subject: 'O=demo\nOU=hq\nCN=ap1', subjectAltName: '' }],
    ['quoted unrelated value', { subject: 'O=demo\nOU=hq\nCN=ap1', subjectAltName: 'DNS:"a, b", URI:urn:nac:nas:demo:hq:ap1' }],
  ])('accepts %s', (_n, cert) => {
    expect(nasIdentityFromCertificate(cert)).toEqual(id)
  })

  it.each([
    ['no OU', { subject: 'O=demo\nCN=ap1' }],
    ['no O', { subject: 'OU=hq\nCN=ap1' }],
    ['two OU', { subject: 'O=demo\nOU=hq\nOU=lab\nCN=ap1' }],
    ['non-token CN', { subject: 'O=demo\nOU=hq\nCN=ap 1' }],
    ['dot in org', { subject: 'O=demo.x\nOU=hq\nCN=ap1' }],
    ['multi-valued RDN', { subject: 'O=demo + OU=hq\nCN=ap1' }],
    ['disagreeing URN', { subject: 'O=demo\nOU=hq\nCN=ap1', subjectAltName: 'URI:urn:nac:nas:demo:lab:ap1' }],
    ['disagreeing URN, upper case', { subject: 'O=demo\nOU=hq\nCN=ap1', subjectAltName: 'URI:URN:NAC:NAS:other:hq:ap1' }],
    ['quoted URN trick', { subject: 'O=demo\nOU=hq\nCN=ap1', subjectAltName: 'URI:"urn:nac:nas:evil:hq:ap1, URI:urn:nac:nas:demo:hq:ap1"' }],
    ['malformed SAN', { subject: 'O=demo\nOU=hq\nCN=ap1', subjectAltName: 'garbage' }],
    ['malformed subject line', { subject: 'O=demo\nOU=hq\nCN=ap1\nnonsense' }],
  ])('refuses %s', (_n, cert) => {
    expect(nasIdentityFromCertificate(cert)).toBeUndefined()
  })

  it('nasUrn is the SAN it checks', () => {
    expect(nasUrn(id)).toBe('urn:nac:nas:demo:hq:ap1')
  })
})
