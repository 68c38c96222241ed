// A lean TLS 1.3 client (RFC 8446) for the bench's EAP-TLS 1.3 peer (RFC 9190): full handshakes
// with (EC)DHE (X25519 offered, secp256r1 after a HelloRetryRequest), server authentication by
// certificate, the client certificate when asked, and the exporter; resumption with the PSK of a
// NewSessionTicket in psk_dhe_ke mode (§2.2, §4.2.11, §4.6.1; RFC 9190 §2.1.3); no 0-RTT, no
// post-handshake client authentication. It runs synchronously on node:crypto primitives:
// the records in, the records out (TlsPipe's surface, without OpenSSL's SSL object, a TLSSocket
// and event-loop turns per flight). State names are RFC 8446 Appendix A.1's. Any bad input from
// the server ends in `error` (a Tls13Error with its reason) and one fatal alert out, never a throw.
import { createHash, randomBytes, timingSafeEqual, type Hash, type KeyObject } from 'node:crypto'
import { isIP } from 'node:net'
import { ALERT_NAMES, ContentType, HandshakeType, MAX_PLAINTEXT, NamedGroup } from './constants.js'
import { OFFERED_SCHEMES, clientScheme, signCertificateVerify, verifyCertificateVerify } from './certificate-verify.js'
import type { TrustStore } from './chain-check.js'
import { ALERT_FOR, Tls13Error, Tls13Reason, type Decoded } from './failure.js'
import { HandshakeBuffer, encodeHandshake, type HandshakeMessage } from './handshake-buffer.js'
import {
  decodeCertificate, decodeCertificateRequest, decodeCertificateVerify, decodeEncryptedExtensions, decodeKeyUpdate,
  decodeNewSessionTicket, decodeServerHello, encodeCertificate, encodeCertificateVerify, encodeClientHello, encodeFinished,
  encodeKeyUpdate, truncatedClientHello, writeBinder, type CertificateRequest,
} from './handshake-codec.js'
import { shareFor, type KeyShare } from './key-exchange.js'
import {
  HASH_LENGTH, deriveSecret, derivedFrom, exporter, finishedVerifyData, handshakeSecret, masterSecret, nextTrafficSecret,
  pskBinder, pskEarlySecret, ticketPsk, trafficKeys,
} from './key-schedule.js'
import { RecordReader, type RawRecord } from './record-reader.js'
import { RecordProtection, SUITES, type SuiteParams } from './record-protection.js'
import { obfuscatedTicketAge, offerable, type Tls13Session } from './session-ticket.js'

export interface Tls13ClientOptions {
  /** Name checked against the server certificate and sent as SNI (RFC 6066 §3; not for an IP address). */
  servername: string
  /** CA(s) of the server's certificate, with its cache of verified chains. */
  trust: TrustStore
  /** The client's certificate chain, leaf first (DER), and its key; without them an empty Certificate answers a CertificateRequest. */
  clientChain?: readonly Buffer[]
  clientKey?: KeyObject
  /** Cipher suites offered (default all three of RFC 8446 B.4 that node:crypto has), in preference order. */
  suites?: readonly number[]
  /** Groups in supported_groups; the first gets a key share (default X25519, then secp256r1 on a HelloRetryRequest). */
  groups?: readonly number[]
  /** A session from an earlier connection, offered for resumption (§4.2.11) when still valid for `servername`. */
  session?: Tls13Session
  /** Keep the server's tickets as `session` (default true); false skips the resumption secret. */
  keepSession?: boolean
}

/** RFC 8446 Appendix A.1, client states. */
export const ClientState = {
  START: 'START', WAIT_SH: 'WAIT_SH', WAIT_EE: 'WAIT_EE', WAIT_CERT_CR: 'WAIT_CERT_CR', WAIT_CERT: 'WAIT_CERT',
  WAIT_CV: 'WAIT_CV', WAIT_FINISHED: 'WAIT_FINISHED', CONNECTED: 'CONNECTED', FAILED: 'FAILED', CLOSED: 'CLOSED',
} as const
export type ClientState = (typeof ClientState)[keyof typeof ClientState]

const DEFAULT_GROUPS = [NamedGroup.X25519, NamedGroup.Secp256r1]
// The default offer, built once rather than per handshake.
const SUITE_CODES: readonly number[] = SUITES.map((s) => s.code)
const TLS12_RECORD = Buffer.from([3, 3])
const TLS10_RECORD = Buffer.from([3, 1])

class Failed { constructor(readonly error: Tls13Error) {} }

export class Tls13Client {
  state: ClientState = ClientState.START
  /** The handshake finished and the server was authenticated. */
  secure = false
  error: Tls13Error | undefined
  /** Application data from the server (EAP-TLS 1.3: the commitment, RFC 9190 §2.5), not yet taken. */
  readonly appData: Buffer[] = []
  /** NewSessionTickets seen. */
  tickets = 0
  /** The server accepted the offered PSK (§4.2.11): no certificates in this handshake. */
  resumed = false
  /** The newest ticket the server gave, with its PSK (RFC 9190 §2.1.3: also after a resumption). */
  session: Tls13Session | undefined

  private readonly reader = new RecordReader()
  private readonly handshake = new HandshakeBuffer()
  private readonly suites: readonly SuiteParams[]
  private readonly suiteCodes: readonly number[]
  private readonly groups: readonly number[]
  private out: Buffer[] = []
  private suite: SuiteParams | undefined
  private transcript: Hash | undefined
  private clientHello: Buffer | undefined
  private share: KeyShare | undefined
  private retried = false
  private readProtection: RecordProtection | undefined
  private writeProtection: RecordProtection | undefined
  private clientHs: Buffer | undefined
  private serverHs: Buffer | undefined
  private hsSecret: Buffer | undefined
  private clientAp: Buffer | undefined
  private serverAp: Buffer | undefined
  private exporterMaster: Buffer | undefined
  private certRequest: CertificateRequest | undefined
  private serverKey: KeyObject | undefined
  /** The PSK offered in the ClientHello, with its early secret. */
  private offer: { session: Tls13Session; early: Buffer } | undefined
  private resumptionMaster: Buffer | undefined

  constructor(private readonly o: Tls13ClientOptions) {
    const suites = o.suites === undefined ? SUITES : o.suites.map((c) => SUITES.find((s) => s.code === c)).filter((s): s is SuiteParams => s !== undefined)
    const t = o.session
    const offered = t !== undefined && offerable(t, o.servername, Date.now()) ? t : undefined
    if (offered !== undefined && suites.some((s) => s.hash === offered.hash)) {
      // §4.2.11: "the server selected a cipher suite indicating a Hash associated with the PSK"
      // is the client's check; offering only suites of the ticket's hash (its own suite first)
      // keeps a server that prefers another hash from declining the PSK for it.
      // A declined PSK then gets a full handshake with those suites only.
      this.suites = [...suites.filter((s) => s.code === offered.suite), ...suites.filter((s) => s.hash === offered.hash && s.code !== offered.suite)]
      this.suiteCodes = this.suites.map((s) => s.code)
      this.offer = { session: offered, early: pskEarlySecret(offered.hash, offered.psk) }
    } else {
      this.suites = suites
      this.suiteCodes = o.suites === undefined ? SUITE_CODES : suites.map((s) => s.code)
    }
    this.groups = o.groups ?? DEFAULT_GROUPS
  }

  /** The records the client sends after `records` from the server (none: its ClientHello). */
  exchange(records?: Buffer): Promise<Buffer> {
    return Promise.resolve(this.exchangeSync(records))
  }

  exchangeSync(records?: Buffer): Buffer {
    if (this.state === ClientState.FAILED || this.state === ClientState.CLOSED) return Buffer.alloc(0)
    try {
      if (this.state === ClientState.START) this.sendClientHello()
      if (records !== undefined && records.length > 0) this.receive(records)
    } catch (e) {
      // Decoders do not throw; a throw here is a bug or a node:crypto refusal (e.g. a key it cannot use).
      if (!(e instanceof Failed)) this.fail(Tls13Reason.INTERNAL_ERROR, e instanceof Error ? e.message : String(e), e)
    }
    const out = this.out.length === 1 ? (this.out[0] as Buffer) : Buffer.concat(this.out)
    this.out = []
    return out
  }

  /** The application data received since the last call, joined. */
  takeAppData(): Buffer {
    const out = this.appData.length === 1 ? (this.appData[0] as Buffer) : Buffer.concat(this.appData)
    this.appData.length = 0
    return out
  }

  /** RFC 8446 §7.5 exporter; undefined before the handshake is done. */
  exportKeyingMaterial(length: number, label: string, context?: Buffer): Buffer | undefined {
    if (!this.secure || this.suite === undefined || this.exporterMaster === undefined) return undefined
    return exporter(this.suite.hash, this.exporterMaster, label, context, length)
  }

  get protocol(): string | null {
    return this.secure ? 'TLSv1.3' : null
  }

  /** The server asked for another key share (HelloRetryRequest, RFC 8446 §4.1.4). */
  get helloRetried(): boolean {
    return this.retried
  }

  /** The negotiated cipher suite's code (RFC 8446 B.4), once the ServerHello is in. */
  get cipherSuite(): number | undefined {
    return this.suite?.code
  }

  destroy(): void {
    // STYLE.md: key buffers are zeroed after use.
    // The session's PSK is not zeroed here: the caller keeps it for the next connection.
    for (const b of [this.clientHs, this.serverHs, this.hsSecret, this.clientAp, this.serverAp, this.exporterMaster, this.resumptionMaster, this.offer?.early]) b?.fill(0)
    this.clientHs = this.serverHs = this.hsSecret = this.clientAp = this.serverAp = this.exporterMaster = this.resumptionMaster = undefined
    this.offer = undefined
    this.readProtection = this.writeProtection = undefined
    if (this.state !== ClientState.FAILED) this.state = ClientState.CLOSED
  }

  // --- failure --------------------------------------------------------------------------------

  /** Records the failure, queues the fatal alert for it (RFC 8446 §6.2), and unwinds. */
  private fail(reason: Tls13Reason, detail: string, cause?: unknown): never {
    const error = new Tls13Error(reason, detail, cause === undefined ? undefined : { cause })
    this.error ??= error
    this.state = ClientState.FAILED
    this.out = []
    const alert = ALERT_FOR[reason]
    if (alert !== undefined) {
      const body = Buffer.from([2, alert])
      // §6: alerts are encrypted under the current write key once there is one.
      this.out.push(this.writeProtection !== undefined ? this.writeProtection.seal(ContentType.Alert, body) : plainRecord(ContentType.Alert, TLS12_RECORD, body))
    }
    throw new Failed(error)
  }

  private must<T>(d: Decoded<T>): T {
    if (!d.ok) this.fail(d.reason, d.detail)
    return d.value
  }

  // --- records --------------------------------------------------------------------------------

  private sendClientHello(): void {
    const suite0 = this.suites[0]
    const group0 = this.groups[0]
    if (suite0 === undefined || group0 === undefined) this.fail(Tls13Reason.INTERNAL_ERROR, 'no cipher suite or group to offer')
    const share = shareFor(group0)
    if (share === undefined) this.fail(Tls13Reason.INTERNAL_ERROR, `group ${group0} not supported`)
    this.share = share
    this.clientHello = this.encodeHello(share, undefined, undefined)
    // RFC 8446 §5.1: legacy_record_version "MAY also be 0x0301" for an initial ClientHello, as OpenSSL sends it.
    this.out.push(plainRecord(ContentType.Handshake, TLS10_RECORD, this.clientHello))
    this.state = ClientState.WAIT_SH
  }

  /** `prefix`: the transcript before this hello (after a HelloRetryRequest), for the PSK binder. */
  private encodeHello(share: KeyShare, cookie: Buffer | undefined, prefix: Hash | undefined): Buffer {
    const offer = this.offer
    const now = Date.now()
    const binderLength = offer === undefined ? 0 : HASH_LENGTH[offer.session.hash]
    const hello = encodeClientHello({
      random: randomBytes(32),
      // RFC 8446 §4.1.2: without a pre-TLS 1.3 session "it MUST be set as a zero-length vector" (no middlebox compatibility mode, D.4).
      sessionId: Buffer.alloc(0),
      suites: this.suiteCodes,
      serverName: isIP(this.o.servername) === 0 ? this.o.servername : undefined,
      groups: this.groups,
      keyShares: [{ group: share.group, key: share.publicKey }],
      signatureSchemes: OFFERED_SCHEMES,
      ...(cookie === undefined ? {} : { cookie }),
      pskModes: this.o.keepSession !== false || offer !== undefined,
      ...(offer === undefined ? {} : { psk: { identity: offer.session.ticket, obfuscatedAge: obfuscatedTicketAge(offer.session, now), binderLength } }),
    })
    if (offer !== undefined) {
      // §4.2.11.2: the binder covers Transcript-Hash(Truncate(ClientHello)), after a
      // HelloRetryRequest with "the initial ClientHello1 and the HelloRetryRequest" before it.
      const h = prefix === undefined ? createHash(offer.session.hash) : prefix.copy()
      const binder = pskBinder(offer.session.hash, offer.early, h.update(truncatedClientHello(hello, binderLength)).digest())
      writeBinder(hello, binder)
    }
    return hello
  }

  private receive(input: Buffer): void {
    const records = this.must(this.reader.push(input))
    for (const r of records) {
      if (this.state === ClientState.FAILED || this.state === ClientState.CLOSED) return
      this.record(r)
    }
  }

  private record(r: RawRecord): void {
    if (r.type === ContentType.ChangeCipherSpec) {
      // RFC 8446 §5: "An implementation may receive an unencrypted record of type
      // change_cipher_spec consisting of the single byte value 0x01 at any time after the first
      // ClientHello message has been sent or received and before the peer's Finished message has
      // been received and MUST simply drop it without further processing." Anything else:
      // "MUST terminate the connection with an 'unexpected_message' alert".
      if (r.body.length === 1 && r.body[0] === 1 && !this.secure) return
      this.fail(Tls13Reason.UNEXPECTED_MESSAGE, 'change_cipher_spec record')
    }
    let type = r.type
    let content = r.body
    if (r.type === ContentType.ApplicationData) {
      if (this.readProtection === undefined) this.fail(Tls13Reason.UNEXPECTED_MESSAGE, 'protected record before the ServerHello')
      const inner = this.must(this.readProtection.open(r.header, r.body))
      type = inner.type
      content = inner.content
    } else if (r.type === ContentType.Handshake && this.readProtection !== undefined) {
      // §5.2 ... handshake messages after the ServerHello are protected.
      this.fail(Tls13Reason.UNEXPECTED_MESSAGE, 'unprotected handshake record after the ServerHello')
    } else if (r.body.length > MAX_PLAINTEXT) {
      this.fail(Tls13Reason.RECORD_OVERFLOW, 'plaintext record over 2^14 octets')
    }
    // An unprotected alert is read at any stage: a server that failed to read our protected
    // records may send one in the clear, and it ends the handshake either way.
    if (type === ContentType.Alert) return this.alert(content)
    if (type === ContentType.Handshake) {
      // §5.1: "Implementations MUST NOT send zero-length fragments of Handshake types".
      if (content.length === 0) this.fail(Tls13Reason.UNEXPECTED_MESSAGE, 'empty handshake record')
      const msgs = this.must(this.handshake.push(content))
      for (let i = 0; i < msgs.length; i++) {
        const keysChanged = this.handshakeMessage(msgs[i] as HandshakeMessage)
        // §5.1: handshake messages "MUST NOT span key changes": "If an implementation detects a
        // violation of these rules, it MUST terminate the connection with an 'unexpected_message' alert."
        if (keysChanged && (i < msgs.length - 1 || !this.handshake.empty)) this.fail(Tls13Reason.UNEXPECTED_MESSAGE, 'handshake data after a key change in one record')
      }
      return
    }
    if (type === ContentType.ApplicationData) {
      if (this.state !== ClientState.CONNECTED) this.fail(Tls13Reason.UNEXPECTED_MESSAGE, 'application data before the server Finished')
      if (content.length > 0) this.appData.push(Buffer.from(content))
      return
    }
    this.fail(Tls13Reason.UNEXPECTED_MESSAGE, `protected record of content type ${type}`)
  }

  private alert(body: Buffer): void {
    if (body.length !== 2) this.fail(Tls13Reason.DECODE_ERROR, `alert of ${body.length} octets`)
    const desc = body[1] as number
    const name = ALERT_NAMES[desc] ?? `alert ${desc}`
    if (desc === 0) {
      // §6.1 close_notify: the server sends nothing more; before the handshake finished it is a failure.
      if (!this.secure) this.error ??= new Tls13Error(Tls13Reason.CLOSED, 'the server closed before the handshake finished')
      this.state = this.secure ? ClientState.CLOSED : ClientState.FAILED
      return
    }
    // §6.2: "Upon receiving an error alert, the TLS implementation SHOULD indicate an error to the
    // application and MUST NOT allow any further data to be sent or received on the connection."
    this.error ??= new Tls13Error(Tls13Reason.PEER_ALERT, `received alert ${name}`)
    this.state = ClientState.FAILED
  }

  // --- handshake ------------------------------------------------------------------------------

  private hashOf(): Buffer {
    return (this.transcript as Hash).copy().digest()
  }

  private expect(m: HandshakeMessage, type: number, name: string): void {
    if (m.type !== type) this.fail(Tls13Reason.UNEXPECTED_MESSAGE, `handshake message ${m.type} in ${this.state} (expected ${name})`)
  }

  /** One handshake message; true when it changed the read or write keys. */
  private handshakeMessage(m: HandshakeMessage): boolean {
    switch (this.state) {
      case ClientState.WAIT_SH:
        this.expect(m, HandshakeType.ServerHello, 'ServerHello')
        return this.serverHello(m)
      case ClientState.WAIT_EE:
        this.expect(m, HandshakeType.EncryptedExtensions, 'EncryptedExtensions')
        this.must(decodeEncryptedExtensions(m.body))
        this.transcript?.update(m.raw)
        // Appendix A.1: WAIT_EE "Using PSK" goes to WAIT_FINISHED; §4.3.2: "Servers which are
        // authenticating with a PSK MUST NOT send the CertificateRequest message in the main
        // handshake", so one is an unexpected_message there.
        this.state = this.resumed ? ClientState.WAIT_FINISHED : ClientState.WAIT_CERT_CR
        return false
      case ClientState.WAIT_CERT_CR:
        if (m.type === HandshakeType.CertificateRequest) {
          const cr = this.must(decodeCertificateRequest(m.body))
          // §4.3.2: the context "SHALL be zero length unless used for the post-handshake authentication exchanges".
          if (cr.context.length !== 0) this.fail(Tls13Reason.ILLEGAL_PARAMETER, 'CertificateRequest context in the handshake')
          this.certRequest = cr
          this.transcript?.update(m.raw)
          this.state = ClientState.WAIT_CERT
          return false
        }
        this.expect(m, HandshakeType.Certificate, 'CertificateRequest or Certificate')
        this.certificate(m)
        return false
      case ClientState.WAIT_CERT:
        this.expect(m, HandshakeType.Certificate, 'Certificate')
        this.certificate(m)
        return false
      case ClientState.WAIT_CV: {
        this.expect(m, HandshakeType.CertificateVerify, 'CertificateVerify')
        const cv = this.must(decodeCertificateVerify(m.body))
        // §4.4.3: the algorithm "MUST be one of those present in the supported_signature_algorithms
        // field of the 'signature_algorithms' extension"; "If the verification fails, the receiver
        // MUST terminate the handshake with a 'decrypt_error' alert."
        if (!OFFERED_SCHEMES.includes(cv.scheme)) this.fail(Tls13Reason.ILLEGAL_PARAMETER, `CertificateVerify scheme ${cv.scheme.toString(16)} not offered`)
        if (!verifyCertificateVerify(cv.scheme, this.serverKey as KeyObject, this.hashOf(), cv.signature)) this.fail(Tls13Reason.DECRYPT_ERROR, 'server CertificateVerify signature does not verify')
        this.transcript?.update(m.raw)
        this.state = ClientState.WAIT_FINISHED
        return false
      }
      case ClientState.WAIT_FINISHED:
        this.expect(m, HandshakeType.Finished, 'Finished')
        this.serverFinished(m)
        return true
      case ClientState.CONNECTED:
        return this.postHandshake(m)
      default:
        return this.fail(Tls13Reason.UNEXPECTED_MESSAGE, `handshake message in ${this.state}`)
    }
  }

  private serverHello(m: HandshakeMessage): boolean {
    const sh = this.must(decodeServerHello(m.body))
    const suite = this.suites.find((s) => s.code === sh.suite)
    // §4.1.3: "A client which receives a cipher suite that was not offered MUST abort the handshake
    // with an 'illegal_parameter' alert"; legacy_session_id_echo: "A client which receives a
    // legacy_session_id_echo field that does not match what it sent in the ClientHello MUST abort
    // the handshake with an 'illegal_parameter' alert."
    if (suite === undefined) this.fail(Tls13Reason.ILLEGAL_PARAMETER, `cipher suite ${sh.suite.toString(16)} not offered`)
    if (sh.sessionIdEcho.length !== 0) this.fail(Tls13Reason.ILLEGAL_PARAMETER, 'legacy_session_id_echo does not match')
    // §4.2: "If an implementation receives an extension which it recognizes and which is not
    // specified for the message in which it appears, it MUST abort the handshake with an
    // 'illegal_parameter' alert"; §4.1.4 for extensions not offered: "unsupported_extension".
    if (sh.others.length > 0) this.fail(Tls13Reason.UNSUPPORTED_EXTENSION, `ServerHello extension ${sh.others.join(',')} not offered`)
    const share = this.share as KeyShare
    if (sh.retry) return this.helloRetry(m, suite, sh.keyShare?.group, sh.cookie)
    // §4.1.4: after a HelloRetryRequest "the client MUST check that the cipher suite ... is the same".
    if (this.retried && this.suite !== suite) this.fail(Tls13Reason.ILLEGAL_PARAMETER, 'ServerHello suite differs from the HelloRetryRequest')
    // §4.2.8: "the client MUST verify that the selected NamedGroup in the ServerHello is the same as that in the HelloRetryRequest"
    // and, without one, a group it sent a share for.
    if (sh.keyShare === undefined) this.fail(Tls13Reason.MISSING_EXTENSION, 'ServerHello without key_share')
    if (sh.keyShare.group !== share.group) this.fail(Tls13Reason.ILLEGAL_PARAMETER, `ServerHello key_share group ${sh.keyShare.group} not offered`)
    let derivedEarly: Buffer | undefined
    if (sh.pskIdentity !== undefined) {
      // §4.2.11: "Clients MUST verify that the server's selected_identity is within the range
      // supplied by the client, that the server selected a cipher suite indicating a Hash
      // associated with the PSK ... If these values are not consistent, the client MUST abort the
      // handshake with an 'illegal_parameter' alert." Without an offer the extension was not asked for (§4.1.4).
      if (this.offer === undefined) this.fail(Tls13Reason.UNSUPPORTED_EXTENSION, 'ServerHello pre_shared_key not offered')
      if (sh.pskIdentity !== 0) this.fail(Tls13Reason.ILLEGAL_PARAMETER, `pre_shared_key selected_identity ${sh.pskIdentity} of 1 offered`)
      if (suite.hash !== this.offer.session.hash) this.fail(Tls13Reason.ILLEGAL_PARAMETER, 'ServerHello suite hash differs from the PSK\'s')
      derivedEarly = derivedFrom(suite.hash, this.offer.early)
      this.resumed = true
    }
    const shared = this.must(share.agree(sh.keyShare.key))
    this.suite = suite
    if (this.transcript === undefined) this.transcript = createHash(suite.hash).update(this.clientHello as Buffer)
    this.transcript.update(m.raw)
    const th = this.hashOf()
    this.hsSecret = derivedEarly === undefined ? handshakeSecret(suite.hash, shared) : handshakeSecret(suite.hash, shared, derivedEarly)
    shared.fill(0)
    derivedEarly?.fill(0)
    this.clientHs = deriveSecret(suite.hash, this.hsSecret, 'c hs traffic', th)
    this.serverHs = deriveSecret(suite.hash, this.hsSecret, 's hs traffic', th)
    this.readProtection = protection(suite, this.serverHs)
    this.writeProtection = protection(suite, this.clientHs)
    this.state = ClientState.WAIT_EE
    return true
  }

  private helloRetry(m: HandshakeMessage, suite: SuiteParams, group: number | undefined, cookie: Buffer | undefined): boolean {
    // §4.1.4: "If a client receives a second HelloRetryRequest in the same connection ... it MUST
    // abort the handshake with an 'unexpected_message' alert"; the client "MUST abort the handshake
    // with an 'illegal_parameter' alert if the HelloRetryRequest would not result in any change in
    // the ClientHello"; §4.2.8: the selected_group must be in supported_groups and not already shared.
    if (this.retried) this.fail(Tls13Reason.UNEXPECTED_MESSAGE, 'a second HelloRetryRequest')
    const share = this.share as KeyShare
    if (group !== undefined && (!this.groups.includes(group) || group === share.group)) this.fail(Tls13Reason.ILLEGAL_PARAMETER, `HelloRetryRequest for group ${group}`)
    if (group === undefined && cookie === undefined) this.fail(Tls13Reason.ILLEGAL_PARAMETER, 'HelloRetryRequest that changes nothing')
    const next = group === undefined ? share : shareFor(group)
    if (next === undefined) this.fail(Tls13Reason.ILLEGAL_PARAMETER, `HelloRetryRequest for group ${group}`)
    this.retried = true
    this.suite = suite
    // §4.4.1: the transcript restarts with message_hash(Hash(ClientHello1)), then the HelloRetryRequest and ClientHello2.
    const ch1Hash = createHash(suite.hash).update(this.clientHello as Buffer).digest()
    this.transcript = createHash(suite.hash).update(encodeHandshake(HandshakeType.MessageHash, ch1Hash)).update(m.raw)
    this.share = next
    // §4.1.4: a PSK stays offered only if "compatible with the cipher suite indicated in the
    // HelloRetryRequest"; its binder is recomputed over the new transcript (§4.2.11.2).
    if (this.offer !== undefined && this.offer.session.hash !== suite.hash) { this.offer.early.fill(0); this.offer = undefined }
    this.clientHello = this.encodeHello(next, cookie, this.transcript)
    this.transcript.update(this.clientHello)
    this.out.push(plainRecord(ContentType.Handshake, TLS12_RECORD, this.clientHello))
    return false
  }

  private certificate(m: HandshakeMessage): void {
    const c = this.must(decodeCertificate(m.body))
    if (c.context.length !== 0) this.fail(Tls13Reason.ILLEGAL_PARAMETER, 'server Certificate with a request context')
    this.serverKey = this.must(this.o.trust.verify(c.chain, this.o.servername))
    this.transcript?.update(m.raw)
    this.state = ClientState.WAIT_CV
  }

  private serverFinished(m: HandshakeMessage): void {
    const suite = this.suite as SuiteParams
    const expected = finishedVerifyData(suite.hash, this.serverHs as Buffer, this.hashOf())
    // §4.4.4: "Recipients of Finished messages MUST verify that the contents are correct and if
    // incorrect MUST terminate the connection with a 'decrypt_error' alert."
    if (m.body.length !== expected.length || !timingSafeEqual(m.body, expected)) this.fail(Tls13Reason.DECRYPT_ERROR, 'server Finished does not verify')
    this.transcript?.update(m.raw)
    const th = this.hashOf()
    const master = masterSecret(suite.hash, this.hsSecret as Buffer)
    this.clientAp = deriveSecret(suite.hash, master, 'c ap traffic', th)
    this.serverAp = deriveSecret(suite.hash, master, 's ap traffic', th)
    this.exporterMaster = deriveSecret(suite.hash, master, 'exp master', th)
    this.readProtection = protection(suite, this.serverAp)
    // §4.4.2-§4.4.4: the client's second flight under the client handshake key.
    const flight: Buffer[] = []
    const add = (msg: Buffer): void => { flight.push(msg); this.transcript?.update(msg) }
    const cr = this.certRequest
    if (cr !== undefined) {
      const key = this.o.clientKey
      const chain = this.o.clientChain ?? []
      // §4.4.2: "If the server requests client authentication but no suitable certificate is
      // available, the client MUST send a Certificate message containing no certificates."
      const scheme = key === undefined || chain.length === 0 ? undefined : clientScheme(key, cr.signatureSchemes)
      add(encodeCertificate(cr.context, scheme === undefined ? [] : chain))
      if (scheme !== undefined) add(encodeCertificateVerify(scheme, signCertificateVerify(scheme, key as KeyObject, this.hashOf())))
    }
    add(encodeFinished(finishedVerifyData(suite.hash, this.clientHs as Buffer, this.hashOf())))
    const joined = flight.length === 1 ? (flight[0] as Buffer) : Buffer.concat(flight)
    // §7.1: resumption_master_secret = Derive-Secret(Master Secret, "res master", ClientHello...client Finished).
    if (this.o.keepSession !== false) this.resumptionMaster = deriveSecret(suite.hash, master, 'res master', this.hashOf())
    master.fill(0)
    const write = this.writeProtection as RecordProtection
    for (let at = 0; at < joined.length; at += MAX_PLAINTEXT) this.out.push(write.seal(ContentType.Handshake, joined.subarray(at, at + MAX_PLAINTEXT)))
    this.writeProtection = protection(suite, this.clientAp)
    ;(this.clientHs as Buffer).fill(0)
    ;(this.serverHs as Buffer).fill(0)
    ;(this.hsSecret as Buffer).fill(0)
    this.secure = true
    this.state = ClientState.CONNECTED
  }

  private postHandshake(m: HandshakeMessage): boolean {
    const suite = this.suite as SuiteParams
    if (m.type === HandshakeType.NewSessionTicket) {
      const t = this.must(decodeNewSessionTicket(m.body))
      this.tickets++
      // §4.6.1: "The client MAY use this PSK for future handshakes"; the newest replaces the
      // one kept (RFC 9190 §2.1.3: a server may send a new ticket after a resumption too).
      if (this.resumptionMaster !== undefined && t.lifetime > 0) {
        this.session = {
          suite: suite.code, hash: suite.hash, psk: ticketPsk(suite.hash, this.resumptionMaster, t.nonce),
          // Copies: the decoded fields are views of a record buffer.
          ticket: Buffer.from(t.ticket), lifetime: t.lifetime, ageAdd: t.ageAdd, nonce: Buffer.from(t.nonce),
          extensions: new Map([...t.extensions].map(([k, v]) => [k, Buffer.from(v)])),
          receivedAt: Date.now(), servername: this.o.servername,
        }
      }
      return false
    }
    if (m.type === HandshakeType.KeyUpdate) {
      const ku = this.must(decodeKeyUpdate(m.body))
      // §4.6.3: the receiver updates its read key; "If the request_update field is set to
      // 'update_requested', then the receiver MUST send a KeyUpdate of its own with request_update
      // set to 'update_not_requested' prior to sending its next Application Data record."
      this.serverAp = nextTrafficSecret(suite.hash, this.serverAp as Buffer)
      this.readProtection = protection(suite, this.serverAp)
      if (ku.requested) {
        this.out.push((this.writeProtection as RecordProtection).seal(ContentType.Handshake, encodeKeyUpdate(false)))
        this.clientAp = nextTrafficSecret(suite.hash, this.clientAp as Buffer)
        this.writeProtection = protection(suite, this.clientAp)
      }
      return true
    }
    // No post_handshake_auth was offered (§4.6.2), so a CertificateRequest is unexpected too.
    return this.fail(Tls13Reason.UNEXPECTED_MESSAGE, `handshake message ${m.type} after the handshake`)
  }
}

function protection(suite: SuiteParams, secret: Buffer): RecordProtection {
  const k = trafficKeys(suite.hash, secret, suite.keyLength)
  return new RecordProtection(suite, k.key, k.iv)
}

function plainRecord(type: number, version: Buffer, body: Buffer): Buffer {
  const h = Buffer.from([type, version[0] as number, version[1] as number, body.length >> 8, body.length & 0xff])
  return Buffer.concat([h, body])
}
