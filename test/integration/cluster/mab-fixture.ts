// The MAB load of the cluster tests: an org with one RADIUS client for loopback and an "IoT by
// MAB" rule, even MACs known endpoints with their own VLAN, odd ones unknown (rejected).
import { Code } from '../../../proto/radius/index.js'
import type { EndpointConfig, OrgConfig } from '../../../proto/wire/org-config.js'

export interface MabFixture {
  org: string
  secret: string
  macs: number
  macOf(i: number): string
  expected(i: number): { code: number; vlan: string | undefined }
  orgDoc(): OrgConfig
  endpoints(): EndpointConfig[]
}

/** `prefix`: four hex digits that keep one test's MACs apart from another's. */
export function mabFixture(o: { org: string; secret: string; macs: number; prefix: string; vlanSpread: number }): MabFixture {
  const macOf = (i: number): string => `${o.prefix}${i.toString(16).padStart(8, '0')}`
  const expected = (i: number): { code: number; vlan: string | undefined } =>
    i % 2 === 0 ? { code: Code.AccessAccept, vlan: String(100 + (i % o.vlanSpread)) } : { code: Code.AccessReject, vlan: undefined }
  return {
    org: o.org, secret: o.secret, macs: o.macs, macOf, expected,
    orgDoc: () => ({
      v: 1, org: o.org, name: undefined, deviceCa: '', sites: [{ id: 'hq', name: undefined }],
      radiusClients: [{ name: 'lo', cidr: '127.0.0.0/8', secret: o.secret, site: 'hq', vendor: undefined }],
      labels: [
        { name: 'iot', type: 'client-label', values: ['iot'] },
        { name: 'vlan-1', type: 'vlan', vlan: '1', allowEndpointOverride: true },
      ],
      rules: [{ name: 'IoT by MAB', match: ['MAB', 'iot'], action: 'allow', assign: ['vlan-1'] }],
    }),
    endpoints: () => {
      const list: EndpointConfig[] = []
      for (let i = 0; i < o.macs; i += 2) list.push({ mac: macOf(i), name: `dev-${i}`, role: undefined, vlan: expected(i).vlan, labels: ['iot'], description: undefined })
      return list
    },
  }
}
