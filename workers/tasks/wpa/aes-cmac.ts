// AES-128-CMAC (NIST SP 800-38B, RFC 4493): the EAPOL-Key MIC of key descriptor version 3
// (IEEE 802.11-2020 12.7.2, "AES-128-CMAC"). Node has no CMAC, so it is built on AES-128-ECB.
import { createCipheriv } from 'node:crypto'

const BLOCK = 16
const RB = 0x87

function aesBlock(key: Uint8Array, block: Uint8Array): Buffer {
  const c = createCipheriv('aes-128-ecb', key, null)
  c.setAutoPadding(false)
  return Buffer.concat([c.update(block), c.final()])
}

/** RFC 4493 §2.3 Generate_Subkey: the left shift by one bit, XOR Rb when the MSB was set. */
function doubled(b: Buffer): Buffer {
  const out = Buffer.alloc(BLOCK)
  for (let i = 0; i < BLOCK; i++) out[i] = (((b[i] as number) << 1) | ((b[i + 1] ?? 0) >> 7)) & 0xff
  if (((b[0] as number) & 0x80) !== 0) out[BLOCK - 1] = (out[BLOCK - 1] as number) ^ RB
  return out
}

/** AES-CMAC (RFC 4493 §2.4) of `msg` under a 16-octet key: the 16-octet tag. */
export function aesCmac(key: Uint8Array, msg: Uint8Array): Buffer {
  if (key.length !== BLOCK) throw new RangeError('AES-128-CMAC needs a 16-octet key')
  const k1 = doubled(aesBlock(key, Buffer.alloc(BLOCK)))
  const k2 = doubled(k1)
  const n = Math.max(1, Math.ceil(msg.length / BLOCK))
  const complete = msg.length > 0 && msg.length % BLOCK === 0
  const last = Buffer.alloc(BLOCK)
  Buffer.from(msg.subarray((n - 1) * BLOCK)).copy(last)
  if (!complete) last[msg.length - (n - 1) * BLOCK] = 0x80
  const sub = complete ? k1 : k2
  for (let i = 0; i < BLOCK; i++) last[i] = (last[i] as number) ^ (sub[i] as number)
  const c = createCipheriv('aes-128-cbc', key, Buffer.alloc(BLOCK))
  c.setAutoPadding(false)
  const head = msg.subarray(0, (n - 1) * BLOCK)
  const out = Buffer.concat([c.update(head), c.update(last), c.final()])
  return out.subarray(out.length - BLOCK)
}
