// eapol_test network blocks of the demo contract (issue 4): EAP-TLS with TLS 1.2 only and with
// TLS 1.3 only (wpa_supplicant phase1 flags tls_disable_tlsv1_X), the demo client certificate,
// and the org's EAP server CA to check the server with.

export interface EapolTlsConfOptions {
  tls: '1.2' | '1.3'
  identity: string
  caCert: string
  clientCert: string
  privateKey: string
  /** The EAP server certificate's name, checked by the supplicant (requirements §3.4). */
  serverName: string
}

export function eapolTlsConf(o: EapolTlsConfOptions): string {
  // wpa_supplicant 2.10 keeps TLS 1.3 off for EAP unless tls_disable_tlsv1_3=0 says otherwise.
  const phase1 = o.tls === '1.2' ? 'tls_disable_tlsv1_3=1' : 'tls_disable_tlsv1_0=1 tls_disable_tlsv1_1=1 tls_disable_tlsv1_2=1 tls_disable_tlsv1_3=0'
  return `# Written by nac-cluster's embedded default. Run:
#   eapol_test -c <this file> -a 127.0.0.1 -p 1812 -s testing123
network={
\tkey_mgmt=WPA-EAP
\teap=TLS
\tidentity="${o.identity}"
\tca_cert="${o.caCert}"
\tclient_cert="${o.clientCert}"
\tprivate_key="${o.privateKey}"
\tdomain_match="${o.serverName}"
\tphase1="${phase1}"
}
`
}

export interface EapolTtlsConfOptions {
  /** The local user and password (demo: alice / wonderland). */
  identity: string
  password: string
  caCert: string
  serverName: string
}

/** EAP-TTLS with inner PAP (RFC 5281; requirements §1.3: identity privacy off, PAP). */
export function eapolTtlsConf(o: EapolTtlsConfOptions): string {
  return `# Written by nac-cluster's embedded default: EAP-TTLS/PAP. Run:
#   eapol_test -c <this file> -a 127.0.0.1 -p 1812 -s testing123
network={
\tkey_mgmt=WPA-EAP
\teap=TTLS
\tidentity="${o.identity}"
\tpassword="${o.password}"
\tca_cert="${o.caCert}"
\tdomain_match="${o.serverName}"
\tphase2="auth=PAP"
}
`
}

export interface EapolPeapTlsConfOptions {
  identity: string
  caCert: string
  clientCert: string
  privateKey: string
  serverName: string
}

/** PEAPv0 with inner EAP-TLS (requirements §1.5): the server is checked in both handshakes. */
export function eapolPeapTlsConf(o: EapolPeapTlsConfOptions): string {
  return `# Written by nac-cluster's embedded default: PEAPv0 with inner EAP-TLS. Run:
#   eapol_test -c <this file> -a 127.0.0.1 -p 1812 -s testing123
network={
\tkey_mgmt=WPA-EAP
\teap=PEAP
\tidentity="${o.identity}"
\tca_cert="${o.caCert}"
\tdomain_match="${o.serverName}"
\tphase1="peapver=0"
\tphase2="auth=TLS"
\tca_cert2="${o.caCert}"
\tdomain_match2="${o.serverName}"
\tclient_cert2="${o.clientCert}"
\tprivate_key2="${o.privateKey}"
}
`
}

export interface EapolTeapConfOptions {
  caCert: string
  serverName: string
  machine: { identity: string; clientCert: string; privateKey: string }
  user: { identity: string; clientCert: string; privateKey: string }
}

/**
 * TEAP with machine and user certificates, both by inner EAP-TLS (requirements §1.4). Needs an
 * eapol_test built with CONFIG_EAP_TEAP (Debian's is not; see the README). wpa_supplicant 2.10's
 * TEAP peer wants a PAC store even when it provisions none: an in-memory blob.
 */
export function eapolTeapConf(o: EapolTeapConfOptions): string {
  return `# Written by nac-cluster's embedded default: TEAP, machine then user by inner EAP-TLS. Run with an
# eapol_test built with TEAP (test/support/teap-peer/build-eapol-test-teap.sh prints its path):
#   eapol_test -c <this file> -a 127.0.0.1 -p 1812 -s testing123
network={
\tkey_mgmt=IEEE8021X
\teap=TEAP
\tanonymous_identity="anonymous"
\tca_cert="${o.caCert}"
\tdomain_match="${o.serverName}"
\tpac_file="blob://teap_pac"
\tidentity="${o.user.identity}"
\tphase2="auth=TLS"
\tca_cert2="${o.caCert}"
\tdomain_match2="${o.serverName}"
\tclient_cert2="${o.user.clientCert}"
\tprivate_key2="${o.user.privateKey}"
\tmachine_identity="${o.machine.identity}"
\tmachine_phase2="auth=TLS"
\tmachine_ca_cert="${o.caCert}"
\tmachine_domain_match="${o.serverName}"
\tmachine_client_cert="${o.machine.clientCert}"
\tmachine_private_key="${o.machine.privateKey}"
}
`
}
