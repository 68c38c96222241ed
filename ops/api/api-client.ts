// A small client of the admin API for the CLI (and tests): HTTPS with the API's CA, the bearer
// token, JSON in and out. It speaks only the public API: what the CLI does, curl can do too.
import { request } from 'node:https'

export interface ApiClientOptions {
  /** e.g. https://127.0.0.1:8443 */
  url: string
  token: string
  /** PEM of the CA the API's certificate chains to. */
  caPem: string
}

export interface ApiResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  /** The body parsed as JSON when it is JSON. */
  json: unknown
}

export class ApiClient {
  constructor(private readonly o: ApiClientOptions) {}

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const url = new URL(path, this.o.url)
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
    const contentType = body === undefined ? {} : { 'content-type': typeof body === 'string' ? 'text/csv' : 'application/json' }
    return new Promise((resolve, reject) => {
      const req = request(url, {
        method, ca: this.o.caPem,
        headers: { authorization: `Bearer ${this.o.token}`, accept: 'application/json', ...contentType, ...headers },
      }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let json: unknown
          try { json = text === '' ? undefined : JSON.parse(text) } catch { json = undefined }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json })
        })
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end(payload)
    })
  }
}
