// The MPPE keys of an Access-Accept checked against the peer's own MSK. RFC 2548 §2.4.2-2.4.3:
// MS-MPPE-Send-Key (Microsoft vendor 311, type 16) and MS-MPPE-Recv-Key (type 17), salt-encrypted
// with the shared secret and the Request Authenticator (RFC 2868 §3.5 style). RFC 5216 §2.3 / RFC
// 3579: the server sends MS-MPPE-Recv-Key = MSK(0,31) and MS-MPPE-Send-Key = MSK(32,63).
import { Attr, findAttributes, saltDecrypt, type Packet } from '../../proto/radius/index.js'
import { splitVsa } from '../../proto/radius/vsa.js'

const MICROSOFT = 311
const MS_MPPE_SEND_KEY = 16
const MS_MPPE_RECV_KEY = 17

export type MppeCheck = { ok: true } | { ok: false; reason: string }

export function checkMppeKeys(accept: Packet, secret: Buffer, requestAuthenticator: Buffer, msk: Buffer): MppeCheck {
  let send: Buffer | undefined
  let recv: Buffer | undefined
  for (const a of findAttributes(accept, Attr.VendorSpecific)) {
    if (a.value.length < 4 || a.value.readUInt32BE(0) !== MICROSOFT) continue
    for (const sub of splitVsa(a.value.subarray(4), undefined) ?? []) {
      if (sub.type !== MS_MPPE_SEND_KEY && sub.type !== MS_MPPE_RECV_KEY) continue
      const plain = saltDecrypt(sub.data, secret, requestAuthenticator)
      if (!plain.ok) return { ok: false, reason: `MS-MPPE key undecryptable (${plain.reason})` }
      if (sub.type === MS_MPPE_SEND_KEY) send = plain.value
      else recv = plain.value
    }
  }
  if (send === undefined || recv === undefined) return { ok: false, reason: 'MS-MPPE keys missing' }
  if (!recv.equals(msk.subarray(0, 32)) || !send.equals(msk.subarray(32, 64))) return { ok: false, reason: 'MS-MPPE keys differ from the MSK' }
  return { ok: true }
}
