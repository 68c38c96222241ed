// The EAP part of the bench's FreeRADIUS 3.2 peer: the eap module with EAP-TLS (RFC 5216, and RFC
// 9190 TLS 1.3, which 3.2.1 calls experimental), EAP-TTLS (RFC 5281) and PEAPv0, all with our
// demo EAP server's certificate and client CA; the inner-tunnel virtual server their phase 2
// runs in: inner PAP against a users file holding the demo org's local user (alice / wonderland,
// ops/config/demo-org.yaml; in clear, or SHA-512 crypt with `userHash`), and inner EAP-TLS
// (PEAP-TLS) through a second eap instance, as
// FreeRADIUS's mods-available/inner-eap and sites-available/inner-tunnel do. No TLS session
// cache unless resumption is asked for (the resumed scenarios): 3.2 keeps no OpenSSL-internal
// cache, only its own with `name` and `persist_dir` (mods-available/eap, "cache"), so each cached
// session costs FreeRADIUS two file writes, which full-handshake figures should not carry.

export interface EapServerFiles { certFile: string; keyFile: string; clientCaFile: string }

/**
 * How the inner-PAP user's password is stored: `none` a Cleartext-Password (compared as is),
 * `sha512-crypt` a Crypt-Password in glibc's SHA-512 crypt form at its default 5000 rounds (what
 * `openssl passwd -6` and `mkpasswd -m sha-512` make; rlm_pap checks it with crypt(3)).
 */
export type UserHash = 'none' | 'sha512-crypt'

export interface EapServerOptions extends EapServerFiles {
  /** Keep TLS sessions (EAP-TLS resumption) in `<dir>/tlscache`. */
  resumption?: boolean
  /** The stored form of the inner-PAP user's password (default none: clear text). */
  userHash?: UserHash
}

/** The demo org's local user (ops/config/demo-org.yaml `localUsers`, README "Try it"). */
export const DEMO_USER = { name: 'alice', password: 'wonderland' } as const
/** The eap instance phase 2 of PEAP runs (FreeRADIUS's mods-available/inner-eap name). */
const INNER_EAP = 'inner-eap'

function tlsConfig(name: string, e: EapServerFiles, maxVersion: '1.2' | '1.3', cache: string): string {
  return `		tls-config ${name} {
			private_key_file = ${e.keyFile}
			certificate_file = ${e.certFile}
			ca_file = ${e.clientCaFile}
			fragment_size = 1400
			include_length = yes
			cipher_list = "DEFAULT"
			cipher_server_preference = no
			tls_min_version = "1.2"
			tls_max_version = "${maxVersion}"
			ecdh_curve = ""
${cache}
			verify {
			}
			ocsp {
				enable = no
			}
		}
`
}

const NO_CACHE = `			cache {
				enable = no
			}`

function cache(dir: string): string {
  // mods-available/eap: "The session cache requires the use of the name and persist_dir
  // configuration items"; Tunnel-Private-Group-Id is stored so a resumed session gets its VLAN.
  return `			cache {
				enable = yes
				lifetime = 24
				name = "bench EAP"
				persist_dir = "${dir}/tlscache"
				store {
					Tunnel-Private-Group-Id
				}
			}`
}

/**
 * The eap module: EAP-TLS by default, TLS 1.2 to 1.3, fragments up to 1400 octets (Framed-MTU
 * lowers it); TTLS and PEAP over the same TLS settings (our supplicants and wpa_supplicant use
 * TLS 1.2 for them), phase 2 in the inner-tunnel server; then the inner-eap instance.
 */
export function eapModules(e: EapServerOptions, dir: string): string {
  return `	eap {
		default_eap_type = tls
		timer_expire = 60
		ignore_unknown_eap_types = no
		max_sessions = 65536
${tlsConfig('tls-common', e, '1.3', e.resumption === true ? cache(dir) : NO_CACHE)}		tls {
			tls = tls-common
		}
		ttls {
			tls = tls-common
			default_eap_type = md5
			copy_request_to_tunnel = no
			use_tunneled_reply = no
			virtual_server = "inner-tunnel"
		}
		peap {
			tls = tls-common
			default_eap_type = tls
			copy_request_to_tunnel = no
			use_tunneled_reply = no
			virtual_server = "inner-tunnel"
		}
	}
	eap ${INNER_EAP} {
		default_eap_type = tls
		timer_expire = 60
		max_sessions = 65536
${tlsConfig('tls-inner', e, '1.2', NO_CACHE)}		tls {
			tls = tls-inner
		}
	}
	files inner_users {
		filename = ${dir}/inner-users
	}
	pap {
	}
`
}

/** Phase 2 of TTLS and PEAP: inner EAP (EAP-TLS) through inner-eap, else PAP against inner-users. */
export function innerTunnelServer(): string {
  return `server inner-tunnel {
	authorize {
		if (&EAP-Message) {
			${INNER_EAP} {
				ok = return
			}
		}
		inner_users
		pap
	}
	authenticate {
		Auth-Type PAP {
			pap
		}
		Auth-Type ${INNER_EAP} {
			${INNER_EAP}
		}
	}
	post-auth {
	}
}
`
}

/** The users file of inner PAP: the demo user's password, in clear or hashed (`hash` made by the caller). */
export function innerUsersFile(crypt?: string): string {
  return crypt === undefined
    ? `${DEMO_USER.name}\tCleartext-Password := "${DEMO_USER.password}"\n`
    : `${DEMO_USER.name}\tCrypt-Password := "${crypt}"\n`
}
