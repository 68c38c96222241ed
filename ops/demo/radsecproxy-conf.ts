// The radsecproxy configuration of the demo contract: RADIUS/UDP in on 127.0.0.1:11812 (secret
// testing123), RadSec out to the gateway with the demo NAS certificate (mutual TLS, RFC 6614).

export interface RadsecproxyConfOptions {
  listenHost: string
  listenPort: number
  clientSecret: string
  gatewayHost: string
  gatewayPort: number
  caFile: string
  certFile: string
  keyFile: string
}

export function radsecproxyConf(o: RadsecproxyConfOptions): string {
  return `# Written by nac-cluster's embedded default. Run: radsecproxy -f -c <this file>
ListenUDP ${o.listenHost}:${o.listenPort}
LogLevel 3
# The UDP side: radclient or a NAS on this host.
client local {
    host 127.0.0.1
    type udp
    secret ${o.clientSecret}
}
tls nac {
    CACertificateFile ${o.caFile}
    CertificateFile ${o.certFile}
    CertificateKeyFile ${o.keyFile}
}
# The RadSec side: the gateway; its certificate names 127.0.0.1 and localhost.
server nac-gateway {
    host ${o.gatewayHost}
    port ${o.gatewayPort}
    type tls
    tls nac
    secret radsec
    StatusServer on
}
realm * {
    server nac-gateway
    accountingServer nac-gateway
}
`
}
