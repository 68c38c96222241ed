// HTTP retrieval of revocation data with node's fetch (undici): CRLs by GET (RFC 5280 §4.2.1.13
// "the URI MUST point to a single DER encoded CRL"), OCSP by POST application/ocsp-request
// (RFC 6960 Appendix A.1). Whole-exchange timeout, body size limit, conditional GET. Never throws.

export const FetchFailure = {
  timeout: 'TIMEOUT',
  httpStatus: 'HTTP_STATUS',
  tooLarge: 'TOO_LARGE',
  network: 'NETWORK',
  unsupportedUrl: 'UNSUPPORTED_URL',
} as const
export type FetchFailure = (typeof FetchFailure)[keyof typeof FetchFailure]

export interface FetchBytesOptions {
  method: 'GET' | 'POST'
  body?: Uint8Array
  contentType?: string
  accept?: string
  timeoutMs: number
  maxBytes: number
  /** Conditional GET validators from an earlier 200. */
  etag?: string | undefined
  lastModified?: string | undefined
}

export type FetchOutcome =
  | { ok: true; notModified: false; bytes: Uint8Array; etag: string | undefined; lastModified: string | undefined }
  | { ok: true; notModified: true }
  | { ok: false; reason: FetchFailure; message: string }

/** Only http: and https: URLs are fetched (LDAP and file URLs in a CDP are skipped). */
export function isFetchableUrl(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === 'http:' || u.protocol === 'https:'
  } catch {
    return false
  }
}

export async function fetchBytes(url: string, opts: FetchBytesOptions): Promise<FetchOutcome> {
  if (!isFetchableUrl(url)) return { ok: false, reason: FetchFailure.unsupportedUrl, message: 'only http and https URLs are fetched' }
  const ac = new AbortController()
  const timer = setTimeout(() => ac.abort(), opts.timeoutMs)
  try {
    const headers: Record<string, string> = {}
    if (opts.contentType !== undefined) headers['content-type'] = opts.contentType
    if (opts.accept !== undefined) headers.accept = opts.accept
    if (opts.etag !== undefined) headers['if-none-match'] = opts.etag
    if (opts.lastModified !== undefined) headers['if-modified-since'] = opts.lastModified
    const res = await fetch(url, {
      method: opts.method, headers, signal: ac.signal,
      ...(opts.body === undefined ? {} : { body: opts.body }),
    })
    if (res.status === 304) { await res.body?.cancel(); return { ok: true, notModified: true } }
    if (res.status !== 200) {
      await res.body?.cancel()
      return { ok: false, reason: FetchFailure.httpStatus, message: `HTTP ${res.status}` }
    }
    const declared = Number(res.headers.get('content-length') ?? NaN)
    if (declared > opts.maxBytes) {
      await res.body?.cancel()
      return { ok: false, reason: FetchFailure.tooLarge, message: `body of ${declared} bytes exceeds ${opts.maxBytes}` }
    }
    const bytes = await readLimited(res, opts.maxBytes)
    if (bytes === undefined) return { ok: false, reason: FetchFailure.tooLarge, message: `body exceeds ${opts.maxBytes} bytes` }
    return { ok: true, notModified: false, bytes, etag: res.headers.get('etag') ?? undefined, lastModified: res.headers.get('last-modified') ?? undefined }
  } catch (err) {
    if (ac.signal.aborted) return { ok: false, reason: FetchFailure.timeout, message: `no answer within ${opts.timeoutMs} ms` }
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : ''
    return { ok: false, reason: FetchFailure.network, message: `${err instanceof Error ? err.message : String(err)}${cause}` }
  } finally {
    clearTimeout(timer)
  }
}

async function readLimited(res: Response, maxBytes: number): Promise<Uint8Array | undefined> {
  if (res.body === null) return new Uint8Array()
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) { await reader.cancel(); return undefined }
    chunks.push(value)
  }
  return new Uint8Array(Buffer.concat(chunks))
}
