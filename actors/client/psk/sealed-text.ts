// Recognises a secret still sealed by ops/secrets ("sealed:v1:" prefix, ops/secrets/sealed-box.ts):
// a sealed passphrase must never be sent to a NAS as if it were the passphrase. The actor layer
// cannot import ops, so the prefix is repeated here.
const SEALED_PREFIX = 'sealed:v1:'

export function isSealed(text: string): boolean {
  return text.startsWith(SEALED_PREFIX)
}
