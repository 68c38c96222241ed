// Independent test vectors for the WPA key hierarchy, each with its source. None was produced by
// this code base.

/**
 * IEEE Std 802.11-2020 Annex J.4.2 (passphrase-to-PSK mapping test vectors), test cases 1-3; the
 * same values are in hostapd's src/crypto/crypto_module_tests.c (test_sha1, PBKDF2 cases) and
 * Fuchsia's wlan rsn crate (psk.rs, "IEEE Std 802.11-2016, J.4.2, Test case 1-3").
 */
export const PBKDF2_VECTORS = [
  { passphrase: 'password', ssid: 'IEEE', psk: 'f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e' },
  { passphrase: 'ThisIsAPassword', ssid: 'ThisIsASSID', psk: '0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af' },
  { passphrase: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', ssid: 'ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ', psk: 'becb93866bb8c3832cb777c2f559807c8c59afcb6eae734885001300a981cc62' },
] as const

/**
 * IEEE Std 802.11-2016/2020 Annex J.3.2 (PRF test vectors), test cases 1-2, PRF-512 with prefix
 * "prefix"; also in hostapd src/crypto/crypto_module_tests.c (test_sha1, "PRF-SHA1 test case").
 */
export const PRF_VECTORS = [
  { key: '0b'.repeat(20), prefix: 'prefix', data: Buffer.from('Hi There').toString('hex'), bits: 512,
    prf: 'bcd4c650b30b9684951829e0d75f9d54b862175ed9f00606e17d8da35402ffee75df78c3d31e0f889f012120c0862beb67753e7439ae242edb8373698356cf5a' },
  { key: Buffer.from('Jefe').toString('hex'), prefix: 'prefix', data: Buffer.from('what do ya want for nothing?').toString('hex'), bits: 512,
    prf: '51f4de5b33f249adf81aeb713a3c20f4fe631446fabdfa58244759ae58ef9009a99abf4eac2ca5fa87e692c440eb40023e7babb206d61de7b92f41529092b8fc' },
] as const

/**
 * AES-CMAC, RFC 4493 §4 examples 1 and 3 (= NIST SP 800-38B D.1), also hostapd
 * src/crypto/crypto_module_tests.c omac1_test_vectors[0] and [2].
 */
export const CMAC_VECTORS = [
  { key: '2b7e151628aed2a6abf7158809cf4f3c', msg: '', tag: 'bb1d6929e95937287fa37d129b756746' },
  { key: '2b7e151628aed2a6abf7158809cf4f3c', msg: '6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411', tag: 'dfa66747de9ae63030ca32611497c827' },
] as const

/**
 * A real WPA2-PSK 4-way handshake (key descriptor version 2, HMAC-SHA1 MIC): hashcat's published
 * mode 22000 example hash (hashcat.net wiki "example_hashes", WPA-PBKDF2-PMKID+EAPOL, line
 * `WPA*02*024022795224bffca545276c3762686f*6466b38ec3fc*225edc49b7aa*5450...*10e3...*0103...*a2`),
 * passphrase "hashcat!". Fields: MIC, AA (AP MAC), SPA (station MAC), ESSID
 * ("TP-LINK_HASHCAT_TEST"), ANonce, message 2 with its MIC zeroed.
 */
export const HANDSHAKE_V2 = {
  mic: '024022795224bffca545276c3762686f',
  aa: '6466b38ec3fc',
  spa: '225edc49b7aa',
  ssid: 'TP-LINK_HASHCAT_TEST',
  anonce: '10e3be3b005a629e89de088d6a2fdc489db83ad4764f2d186b9cde15446e972e',
  eapolZeroed: '0103007502010a0000000000000000000148ce2ccba9c1fda130ff2fbbfb4fd3b063d1a93920b0f7df54a5cbf787b16171' +
    '000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000' +
    '001630140100000fac040100000fac040100000fac028000',
  passphrase: 'hashcat!',
} as const

/** Message 2 with its MIC in place (offset 81, IEEE 802.11-2020 Figure 12-32). */
export function message2(h: { eapolZeroed: string; mic: string }): Buffer {
  const f = Buffer.from(h.eapolZeroed, 'hex')
  Buffer.from(h.mic, 'hex').copy(f, 81)
  return f
}
