// PSK secrets as configured (IEEE 802.11-2020 J.4.1): a passphrase of 8-63 printable ASCII
// characters, or the PSK itself as 64 hex digits. Shared by validation and the reply dialect.
const HEX64 = /^[0-9a-fA-F]{64}$/
const PASSPHRASE = /^[\x20-\x7e]{8,63}$/

export function isHexPsk(secret: string): boolean {
  return HEX64.test(secret)
}

export function isPskSecret(secret: string): boolean {
  return PASSPHRASE.test(secret) || HEX64.test(secret)
}

/** Apply `f` to every secret of the PSK section (sealing for KV, unsealing on read). */
export function mapPskSecrets<T extends { keys: Array<{ passphrase: string }>; wlans: Array<{ defaultPsk: string | undefined }> }>(cfg: T, f: (secret: string) => string): T {
  return {
    ...cfg,
    keys: cfg.keys.map((k) => ({ ...k, passphrase: f(k.passphrase) })),
    wlans: cfg.wlans.map((w) => (w.defaultPsk === undefined ? w : { ...w, defaultPsk: f(w.defaultPsk) })),
  }
}
