// The client's (EC)DHE share (RFC 8446 §4.2.8, §7.4): X25519 (RFC 7748, 32-octet keys) or
// secp256r1 (an uncompressed point, §4.2.8.2), and the shared secret with the server's share.
import { createECDH, createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { NamedGroup } from './constants.js'
import { fail, Tls13Reason, type Decoded } from './failure.js'

// X25519 keys go in and out of node:crypto as JWK (RFC 8037 OKP: the raw 32 octets, base64url),
// which OpenSSL takes as raw keys (EVP_PKEY_new_raw_public_key); the DER SubjectPublicKeyInfo way
// costs 72 µs to export and 104 µs to import on OpenSSL 3.0's encoder and decoder set-up, the JWK
// way 1 µs and 14 µs (2 vCPU EPYC, Node 20.20.2; micro-timed with process.cpuUsage).

export interface KeyShare {
  group: number
  /** The key_exchange octets of the KeyShareEntry. */
  publicKey: Buffer
  /** The shared secret with the server's key_exchange, or why there is none. */
  agree(peer: Buffer): Decoded<Buffer>
}

export function x25519Share(): KeyShare {
  const { privateKey, publicKey } = generateKeyPairSync('x25519')
  return {
    group: NamedGroup.X25519,
    publicKey: Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url'),
    agree(peer: Buffer): Decoded<Buffer> {
      if (peer.length !== 32) return fail(Tls13Reason.ILLEGAL_PARAMETER, `X25519 key_exchange of ${peer.length} octets`)
      let secret: Buffer
      try {
        const pub: KeyObject = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: peer.toString('base64url') }, format: 'jwk' })
        secret = diffieHellman({ privateKey, publicKey: pub })
      } catch {
        return fail(Tls13Reason.ILLEGAL_PARAMETER, 'X25519 agreement failed')
      }
      // RFC 8446 §7.4.2: "implementations MUST check whether the computed Diffie-Hellman shared
      // secret is the all-zero value and abort if so".
      if (secret.every((b) => b === 0)) return fail(Tls13Reason.ILLEGAL_PARAMETER, 'X25519 shared secret is zero')
      return { ok: true, value: secret }
    },
  }
}

export function p256Share(): KeyShare {
  const ecdh = createECDH('prime256v1')
  return {
    group: NamedGroup.Secp256r1,
    publicKey: ecdh.generateKeys(),
    agree(peer: Buffer): Decoded<Buffer> {
      // RFC 8446 §4.2.8.2: "the point format ... is always uncompressed" (0x04, X, Y); OpenSSL checks it is on the curve.
      if (peer.length !== 65 || peer[0] !== 4) return fail(Tls13Reason.ILLEGAL_PARAMETER, 'secp256r1 key_exchange is not an uncompressed point')
      try {
        return { ok: true, value: ecdh.computeSecret(peer) }
      } catch {
        return fail(Tls13Reason.ILLEGAL_PARAMETER, 'secp256r1 point not on the curve')
      }
    },
  }
}

export function shareFor(group: number): KeyShare | undefined {
  return group === NamedGroup.X25519 ? x25519Share() : group === NamedGroup.Secp256r1 ? p256Share() : undefined
}
