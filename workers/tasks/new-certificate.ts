// The common start of every certificate we build: a fresh RSA key pair, a random positive serial
// (RFC 5280 §4.1.2.2) and the validity period, with the subject name in the given order.
import forge from 'node-forge'
import { randomSerialHex } from './certificate-serial.js'
import { generateRsaKeyPair, type ForgeKeyPair } from './rsa-key.js'
import { validityPeriod } from './validity.js'

export interface NewCertificate {
  cert: forge.pki.Certificate
  keys: ForgeKeyPair
  subject: forge.pki.CertificateField[]
}

export function newCertificate(validDays: number, subject: { O?: string | undefined; OU?: string | undefined; CN: string }): NewCertificate {
  const { notBefore, notAfter } = validityPeriod(validDays)
  const keys = generateRsaKeyPair()
  const cert = forge.pki.createCertificate()
  cert.publicKey = keys.publicKey
  cert.serialNumber = randomSerialHex()
  cert.validity.notBefore = notBefore
  cert.validity.notAfter = notAfter
  const fields: forge.pki.CertificateField[] = []
  if (subject.O !== undefined) fields.push({ shortName: 'O', value: subject.O })
  if (subject.OU !== undefined) fields.push({ shortName: 'OU', value: subject.OU })
  fields.push({ shortName: 'CN', value: subject.CN })
  cert.setSubject(fields)
  return { cert, keys, subject: fields }
}
