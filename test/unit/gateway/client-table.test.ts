// RADIUS clients by source address, longest prefix first (requirements §5.2).
import { describe, expect, it } from 'vitest'
import { ClientTable } from '../../../gateway/clients/client-table.js'
import type { GatewayRadiusClient } from '../../../gateway/gateway-config.js'

const client = (name: string, cidr: string): GatewayRadiusClient => ({ org: 'o', name, cidr, secret: 's', site: undefined, vendor: undefined })

describe('ClientTable', () => {
  const t = new ClientTable([client('lo', '127.0.0.0/8'), client('one', '127.0.0.5'), client('net', '10.7.50.0/24'), client('v6', '2001:db8::/32'), client('v6host', '::1')])
  it.each([
    ['127.0.0.1', 'lo'],
    ['127.0.0.5', 'one'],
    ['::ffff:127.0.0.5', 'one'],
    ['10.7.50.200', 'net'],
    ['10.7.51.1', undefined],
    ['2001:db8:1::5', 'v6'],
    ['2001:db9::5', undefined],
    ['::1', 'v6host'],
    ['not-an-address', undefined],
  ])('%s → %s', (addr, want) => expect(t.lookup(addr)?.name).toBe(want))
})
