// The TLS 1.3 handshake messages a client writes and reads (RFC 8446 §4.1.2-§4.6.1): ClientHello,
// ServerHello and HelloRetryRequest, EncryptedExtensions, CertificateRequest, Certificate,
// CertificateVerify, Finished, NewSessionTicket, KeyUpdate. Decoders return {ok, value} or
// {ok: false, reason}; they check lengths and the rules of §4 on message contents, not the order
// of messages (client-state.ts).
import { ExtensionType, HRR_RANDOM, HandshakeType } from './constants.js'
import { Cursor, u16, vec16, vec24, vec8 } from './cursor.js'
import { fail, Tls13Reason, type Decoded } from './failure.js'
import { encodeHandshake } from './handshake-buffer.js'

export interface Extension { type: number; data: Buffer }

/** An extension block (§4.2): "There MUST NOT be more than one extension of the same type in a given extension block." */
function decodeExtensions(c: Cursor, min = 0): Decoded<Map<number, Buffer>> {
  const block = c.vector(2, min)
  if (!c.ok) return fail(Tls13Reason.DECODE_ERROR, 'extension block length')
  const e = new Cursor(block)
  const out = new Map<number, Buffer>()
  while (e.ok && !e.atEnd) {
    const type = e.u16()
    const data = e.vector(2)
    if (!e.ok) break
    if (out.has(type)) return fail(Tls13Reason.ILLEGAL_PARAMETER, `extension ${type} twice in one block`)
    out.set(type, data)
  }
  return e.ok ? { ok: true, value: out } : fail(Tls13Reason.DECODE_ERROR, 'extension length')
}

function encodeExtensions(exts: readonly Extension[]): Buffer {
  return vec16(Buffer.concat(exts.flatMap((x) => [u16(x.type), vec16(x.data)])))
}

const u16List = (values: readonly number[]): Buffer => Buffer.concat(values.map(u16))

export interface ClientHelloParams {
  random: Buffer
  sessionId: Buffer
  suites: readonly number[]
  /** SNI host name, absent for an IP address (RFC 6066 §3: "Literal IPv4 and IPv6 addresses are not permitted"). */
  serverName: string | undefined
  groups: readonly number[]
  keyShares: ReadonlyArray<{ group: number; key: Buffer }>
  signatureSchemes: readonly number[]
  /** The cookie of a HelloRetryRequest, echoed (§4.2.2). */
  cookie?: Buffer
  /** Send psk_key_exchange_modes (psk_dhe_ke), so that the server's tickets are usable (§4.2.9). */
  pskModes?: boolean
  /** One resumption PSK offered (§4.2.11); its binder is written as zeros, for `writeBinder` to fill in. */
  psk?: { identity: Buffer; obfuscatedAge: number; binderLength: number }
}

/** RFC 8446 §4.1.2 ClientHello (handshake header included), TLS 1.3 only. */
export function encodeClientHello(p: ClientHelloParams): Buffer {
  const share = p.keyShares.length === 1 ? p.keyShares[0] : undefined
  if (share === undefined || p.cookie !== undefined || p.psk !== undefined || p.sessionId.length !== 0) return buildClientHello(p).hello
  // A client's first hellos differ only in the random and the key share's octets: the rest is
  // encoded once per offer (suites, name, groups, schemes and modes are fixed per client and
  // the arrays are shared) and copied, those two written into the copy.
  let t = template
  if (t === undefined || t.suites !== p.suites || t.serverName !== p.serverName || t.groups !== p.groups || t.schemes !== p.signatureSchemes
    || t.pskModes !== (p.pskModes === true) || t.group !== share.group || t.keyLength !== share.key.length) {
    const built = buildClientHello(p)
    t = { suites: p.suites, serverName: p.serverName, groups: p.groups, schemes: p.signatureSchemes, pskModes: p.pskModes === true,
      group: share.group, keyLength: share.key.length, bytes: built.hello, keyAt: built.keyAt }
    template = t
    return Buffer.from(built.hello)
  }
  const hello = Buffer.allocUnsafe(t.bytes.length)
  t.bytes.copy(hello)
  p.random.copy(hello, RANDOM_AT)
  share.key.copy(hello, t.keyAt)
  return hello
}

interface HelloTemplate {
  suites: readonly number[]; serverName: string | undefined; groups: readonly number[]; schemes: readonly number[]; pskModes: boolean
  group: number; keyLength: number; bytes: Buffer; keyAt: number
}
let template: HelloTemplate | undefined
// Handshake header (4), legacy_version (2), then the 32-octet random.
const RANDOM_AT = 4 + 2

/** The hello, and where its first key share's key_exchange octets start. */
function buildClientHello(p: ClientHelloParams): { hello: Buffer; keyAt: number } {
  const exts: Extension[] = []
  if (p.serverName !== undefined) {
    // RFC 6066 §3: ServerNameList of one host_name (type 0).
    const name = Buffer.from(p.serverName, 'ascii')
    exts.push({ type: ExtensionType.ServerName, data: vec16(Buffer.concat([Buffer.from([0]), vec16(name)])) })
  }
  exts.push({ type: ExtensionType.SupportedVersions, data: vec8(u16(0x0304)) })
  exts.push({ type: ExtensionType.SupportedGroups, data: vec16(u16List(p.groups)) })
  exts.push({ type: ExtensionType.SignatureAlgorithms, data: vec16(u16List(p.signatureSchemes)) })
  // Octets before the key share extension's first key: the extensions before it, its header (4),
  // client_shares length (2), the entry's group (2) and key length (2).
  let keyAt = 0
  for (const x of exts) keyAt += 4 + x.data.length
  keyAt += 4 + 2 + 2 + 2
  exts.push({ type: ExtensionType.KeyShare, data: vec16(Buffer.concat(p.keyShares.map((k) => Buffer.concat([u16(k.group), vec16(k.key)])))) })
  if (p.cookie !== undefined) exts.push({ type: ExtensionType.Cookie, data: vec16(p.cookie) })
  // §4.2.9: "A client MUST provide a 'psk_key_exchange_modes' extension if it offers a
  // 'pre_shared_key' extension"; psk_dhe_ke (1) only: (EC)DHE with every resumption.
  if (p.pskModes === true || p.psk !== undefined) exts.push({ type: ExtensionType.PskKeyExchangeModes, data: vec8(Buffer.from([1])) })
  if (p.psk !== undefined) {
    // §4.2.11: "The 'pre_shared_key' extension MUST be the last extension in the ClientHello".
    // OfferedPsks: PskIdentity identities<7..2^16-1> (identity<1..2^16-1>, uint32
    // obfuscated_ticket_age), PskBinderEntry binders<33..2^16-1> (opaque<32..255>).
    const age = Buffer.alloc(4)
    age.writeUInt32BE(p.psk.obfuscatedAge >>> 0)
    const identities = vec16(Buffer.concat([vec16(p.psk.identity), age]))
    const binders = vec16(vec8(Buffer.alloc(p.psk.binderLength)))
    exts.push({ type: ExtensionType.PreSharedKey, data: Buffer.concat([identities, binders]) })
  }
  const head = [u16(0x0303), p.random, vec8(p.sessionId), vec16(u16List(p.suites)), Buffer.from([1, 0])]
  // The handshake header (4), the fields before the extensions, the extension block's length (2).
  keyAt += 4 + head.reduce((n, b) => n + b.length, 0) + 2
  return { hello: encodeHandshake(HandshakeType.ClientHello, Buffer.concat([...head, encodeExtensions(exts)])), keyAt }
}

/**
 * RFC 8446 §4.2.11.2: the binders are computed over the ClientHello "up to and including the
 * PreSharedKeyExtension.identities field", i.e. without the binders list (its 2-octet length, and
 * one entry of 1 + binderLength octets) that ends a hello of `encodeClientHello` with one PSK.
 */
export function truncatedClientHello(hello: Buffer, binderLength: number): Buffer {
  return hello.subarray(0, hello.length - (2 + 1 + binderLength))
}

/** Writes the one binder into a hello of `encodeClientHello` (its last octets). */
export function writeBinder(hello: Buffer, binder: Buffer): void {
  binder.copy(hello, hello.length - binder.length)
}

export interface ServerHello {
  /** A HelloRetryRequest (§4.1.4): the special random. */
  retry: boolean
  sessionIdEcho: Buffer
  suite: number
  /** ServerHello: the server's share; HelloRetryRequest: the group it asks for (key empty). */
  keyShare: { group: number; key: Buffer } | undefined
  cookie: Buffer | undefined
  /** pre_shared_key: the selected_identity (§4.2.11), in a ServerHello only. */
  pskIdentity: number | undefined
  /** Extensions other than supported_versions, key_share, cookie (a client must refuse those it did not offer). */
  others: number[]
}

/** RFC 8446 §4.1.3 ServerHello and §4.1.4 HelloRetryRequest. */
export function decodeServerHello(body: Buffer): Decoded<ServerHello> {
  const c = new Cursor(body)
  const version = c.u16()
  const random = c.bytes(32)
  const sessionIdEcho = c.vector(1, 0, 32)
  const suite = c.u16()
  const compression = c.u8()
  if (!c.ok) return fail(Tls13Reason.DECODE_ERROR, 'ServerHello too short')
  const exts = decodeExtensions(c, 6)
  if (!exts.ok) return exts
  if (!c.atEnd) return fail(Tls13Reason.DECODE_ERROR, 'octets after the ServerHello extensions')
  // §4.1.3: "legacy_version ... MUST be set to 0x0303"; "legacy_compression_method: A single byte which MUST have the value 0."
  if (version !== 0x0303) return fail(Tls13Reason.PROTOCOL_VERSION, `ServerHello legacy_version ${version.toString(16)}`)
  if (compression !== 0) return fail(Tls13Reason.ILLEGAL_PARAMETER, 'ServerHello compression method not null')
  const retry = random.equals(HRR_RANDOM)
  // §4.2.1: "If the 'supported_versions' extension in the ServerHello contains a version not offered by the client or
  // contains a version prior to TLS 1.3, the client MUST abort the handshake with an 'illegal_parameter' alert."
  const sv = exts.value.get(ExtensionType.SupportedVersions)
  if (sv === undefined) return fail(Tls13Reason.PROTOCOL_VERSION, 'the server did not choose TLS 1.3 (no supported_versions)')
  if (sv.length !== 2 || sv.readUInt16BE(0) !== 0x0304) return fail(Tls13Reason.ILLEGAL_PARAMETER, 'supported_versions is not TLS 1.3')
  let keyShare: ServerHello['keyShare']
  const ks = exts.value.get(ExtensionType.KeyShare)
  if (ks !== undefined) {
    const k = new Cursor(ks)
    const group = k.u16()
    // §4.2.8: HelloRetryRequest carries only selected_group; ServerHello a KeyShareEntry.
    const key = retry ? Buffer.alloc(0) : k.vector(2, 1)
    if (!k.ok || !k.atEnd) return fail(Tls13Reason.DECODE_ERROR, 'key_share')
    keyShare = { group, key }
  }
  const cookieExt = exts.value.get(ExtensionType.Cookie)
  let cookie: Buffer | undefined
  if (cookieExt !== undefined) {
    const k = new Cursor(cookieExt)
    cookie = k.vector(2, 1)
    if (!k.ok || !k.atEnd) return fail(Tls13Reason.DECODE_ERROR, 'cookie')
  }
  const pskExt = retry ? undefined : exts.value.get(ExtensionType.PreSharedKey)
  let pskIdentity: number | undefined
  if (pskExt !== undefined) {
    if (pskExt.length !== 2) return fail(Tls13Reason.DECODE_ERROR, 'pre_shared_key selected_identity')
    pskIdentity = pskExt.readUInt16BE(0)
  }
  const known: ReadonlySet<number> = new Set([
    ExtensionType.SupportedVersions, ExtensionType.KeyShare, ...(retry ? [ExtensionType.Cookie] : [ExtensionType.PreSharedKey]),
  ])
  const others = [...exts.value.keys()].filter((t) => !known.has(t))
  return { ok: true, value: { retry, sessionIdEcho, suite, keyShare, cookie, pskIdentity, others } }
}

/** RFC 8446 §4.3.1 EncryptedExtensions: the extension types it holds. */
export function decodeEncryptedExtensions(body: Buffer): Decoded<number[]> {
  const c = new Cursor(body)
  const exts = decodeExtensions(c)
  if (!exts.ok) return exts
  if (!c.atEnd) return fail(Tls13Reason.DECODE_ERROR, 'octets after EncryptedExtensions')
  return { ok: true, value: [...exts.value.keys()] }
}

export interface CertificateRequest { context: Buffer; signatureSchemes: number[] }

/** RFC 8446 §4.3.2: "The 'signature_algorithms' extension MUST be specified". */
export function decodeCertificateRequest(body: Buffer): Decoded<CertificateRequest> {
  const c = new Cursor(body)
  const context = c.vector(1)
  if (!c.ok) return fail(Tls13Reason.DECODE_ERROR, 'CertificateRequest context')
  const exts = decodeExtensions(c, 2)
  if (!exts.ok) return exts
  if (!c.atEnd) return fail(Tls13Reason.DECODE_ERROR, 'octets after CertificateRequest')
  const sa = exts.value.get(ExtensionType.SignatureAlgorithms)
  if (sa === undefined) return fail(Tls13Reason.MISSING_EXTENSION, 'CertificateRequest without signature_algorithms')
  const schemes = decodeSchemeList(sa)
  if (schemes === undefined) return fail(Tls13Reason.DECODE_ERROR, 'CertificateRequest signature_algorithms')
  return { ok: true, value: { context, signatureSchemes: schemes } }
}

function decodeSchemeList(data: Buffer): number[] | undefined {
  const c = new Cursor(data)
  const list = c.vector(2, 2)
  if (!c.ok || !c.atEnd || list.length % 2 !== 0) return undefined
  const out: number[] = []
  for (let i = 0; i < list.length; i += 2) out.push(list.readUInt16BE(i))
  return out
}

export interface CertificateMessage { context: Buffer; chain: Buffer[] }

/** RFC 8446 §4.4.2 Certificate: context<0..255>, CertificateEntry certificate_list<0..2^24-1>. */
export function decodeCertificate(body: Buffer): Decoded<CertificateMessage> {
  const c = new Cursor(body)
  const context = c.vector(1)
  const list = c.vector(3)
  if (!c.ok || !c.atEnd) return fail(Tls13Reason.DECODE_ERROR, 'Certificate lengths')
  const l = new Cursor(list)
  const chain: Buffer[] = []
  while (l.ok && !l.atEnd) {
    const der = l.vector(3, 1)
    l.vector(2) // per-certificate extensions (OCSP, SCT): not used
    if (l.ok) chain.push(der)
  }
  if (!l.ok) return fail(Tls13Reason.DECODE_ERROR, 'Certificate entry lengths')
  return { ok: true, value: { context, chain } }
}

/** RFC 8446 §4.4.2 Certificate of the client: the request's context, its chain (empty: no certificate). */
// The client's Certificate message is the same in every handshake of a client (an empty context,
// RFC 8446 §4.4.2, and its one chain): encoded once per chain. Never mutated by callers.
const encodedChains = new WeakMap<readonly Buffer[], Buffer>()

export function encodeCertificate(context: Buffer, chain: readonly Buffer[]): Buffer {
  if (context.length === 0 && chain.length > 0) {
    let m = encodedChains.get(chain)
    if (m === undefined) { m = encodeCertificateOnce(context, chain); encodedChains.set(chain, m) }
    return m
  }
  return encodeCertificateOnce(context, chain)
}

function encodeCertificateOnce(context: Buffer, chain: readonly Buffer[]): Buffer {
  const entries = Buffer.concat(chain.flatMap((der) => [vec24(der), u16(0)]))
  return encodeHandshake(HandshakeType.Certificate, Buffer.concat([vec8(context), vec24(entries)]))
}

export interface CertificateVerify { scheme: number; signature: Buffer }

/** RFC 8446 §4.4.3 CertificateVerify: SignatureScheme algorithm, opaque signature<0..2^16-1>. */
export function decodeCertificateVerify(body: Buffer): Decoded<CertificateVerify> {
  const c = new Cursor(body)
  const scheme = c.u16()
  const signature = c.vector(2)
  if (!c.ok || !c.atEnd) return fail(Tls13Reason.DECODE_ERROR, 'CertificateVerify lengths')
  return { ok: true, value: { scheme, signature } }
}

export function encodeCertificateVerify(scheme: number, signature: Buffer): Buffer {
  return encodeHandshake(HandshakeType.CertificateVerify, Buffer.concat([u16(scheme), vec16(signature)]))
}

export function encodeFinished(verifyData: Buffer): Buffer {
  return encodeHandshake(HandshakeType.Finished, verifyData)
}

export interface NewSessionTicket { lifetime: number; ageAdd: number; nonce: Buffer; ticket: Buffer; extensions: Map<number, Buffer> }

/** RFC 8446 §4.6.1 NewSessionTicket. */
export function decodeNewSessionTicket(body: Buffer): Decoded<NewSessionTicket> {
  const c = new Cursor(body)
  const lifetime = c.u32()
  const ageAdd = c.u32()
  const nonce = c.vector(1)
  const ticket = c.vector(2, 1)
  const exts = decodeExtensions(c)
  if (!c.ok || !exts.ok || !c.atEnd) return fail(Tls13Reason.DECODE_ERROR, 'NewSessionTicket lengths')
  return { ok: true, value: { lifetime, ageAdd, nonce, ticket, extensions: exts.value } }
}

/** RFC 8446 §4.6.3 KeyUpdate: request_update 0 or 1, anything else illegal_parameter. */
export function decodeKeyUpdate(body: Buffer): Decoded<{ requested: boolean }> {
  if (body.length !== 1) return fail(Tls13Reason.DECODE_ERROR, 'KeyUpdate length')
  if (body[0] !== 0 && body[0] !== 1) return fail(Tls13Reason.ILLEGAL_PARAMETER, 'KeyUpdate request_update')
  return { ok: true, value: { requested: body[0] === 1 } }
}

export function encodeKeyUpdate(requested: boolean): Buffer {
  return encodeHandshake(HandshakeType.KeyUpdate, Buffer.from([requested ? 1 : 0]))
}
