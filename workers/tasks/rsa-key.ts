// RSA key generation for certificate tasks: native keygen (node:crypto, OpenSSL), converted to
// forge objects for signing; forge's JavaScript keygen is far too slow for a 2048-bit key.
import { generateKeyPairSync } from 'node:crypto'
import forge from 'node-forge'

export interface ForgeKeyPair {
  privateKey: forge.pki.rsa.PrivateKey
  publicKey: forge.pki.rsa.PublicKey
  /** PKCS#8 PEM of the private key, as written to disk and read by node:tls. */
  privateKeyPem: string
}

/** A fresh 2048-bit RSA key pair. */
export function generateRsaKeyPair(): ForgeKeyPair {
  const { privateKey: privateKeyPem, publicKey: publicKeyPem } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })
  return {
    privateKey: forge.pki.privateKeyFromPem(privateKeyPem),
    publicKey: forge.pki.publicKeyFromPem(publicKeyPem),
    privateKeyPem,
  }
}
