// What an authorization becomes on the wire for the NAS vendor. VLAN: RFC 3580 §3.31 (Tunnel-Type
// VLAN (13), Tunnel-Medium-Type IEEE-802 (6), Tunnel-Private-Group-Id), sent untagged (tag 0) as
// switches and APs of every vendor accept. Role: Filter-Id (RFC 2865 §5.11) generically; the
// vendor's own attribute where it has one. Issue 5 grows this into the full dialect table.
import { encodeAttributes, type Dictionary, type RawAttribute } from '../../proto/radius/index.js'
import type { Authorization } from './authorization.js'

// RFC 2868 §3.1 / RFC 3580 §3.31: Tunnel-Type VLAN = 13; RFC 2868 §3.2: Tunnel-Medium-Type 802 = 6.
const TUNNEL_TYPE_VLAN = 13
const TUNNEL_MEDIUM_IEEE_802 = 6

type AttrSpec = { name: string; value: string | number }

function roleAttribute(vendor: string | undefined, role: string): AttrSpec {
  switch ((vendor ?? '').toLowerCase()) {
    case 'aruba':
      return { name: 'Aruba-User-Role', value: role }
    default:
      return { name: 'Filter-Id', value: role }
  }
}

export function replyAttributes(dict: Dictionary, vendor: string | undefined, auth: Authorization): RawAttribute[] {
  const specs: AttrSpec[] = []
  if (auth.vlan !== undefined) {
    specs.push(
      { name: 'Tunnel-Type', value: TUNNEL_TYPE_VLAN },
      { name: 'Tunnel-Medium-Type', value: TUNNEL_MEDIUM_IEEE_802 },
      { name: 'Tunnel-Private-Group-Id', value: auth.vlan },
    )
  }
  if (auth.role !== undefined) specs.push(roleAttribute(vendor, auth.role))
  return encodeAttributes(dict, specs)
}
