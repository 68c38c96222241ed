// The CertificateValidator of EAP-TLS (RFC 5216 §5.3, requirements §1.1 and §3.1) on the worker
// pool: path validation in the task validateClientCertificate (RFC 5280 §6.1), then revocation of
// every certificate below the trusted CA (RFC 5280 §6.1.3(a)(3)) by CRL (§5, distribution points
// of the certificate plus the org's configured URLs) and by OCSP (RFC 6960, AIA responders).
// A certificate is revoked when any source says so, good when a source says good, unknown
// otherwise; unknown is allowed and counted (soft fail) or refused with REVOCATION_UNKNOWN (hard
// fail), per org. An intermediate CA with no source at all is skipped (counted); a leaf without
// one is unknown. Pool errors (overload, destroyed) are not a verdict: they reject, so the EAP
// layer gives no reply and the NAS retries.
import type { CertificateValidation, CertificateValidator } from '../../actors/client/eap/certificate-validator.js'
import type { WorkerPool } from '../../workers/pool.js'
import type { PathCertificate, ValidateClientCertificateOutput } from '../../workers/tasks/cert-validation/index.js'
import { CrlCache, DEFAULT_CRL_TUNING, type CrlCacheTuning } from './crl-cache.js'
import { isFetchableUrl } from './fetch-bytes.js'
import { DEFAULT_OCSP_TUNING, OcspClient, type OcspTuning } from './ocsp-client.js'
import { RevocationCounter } from './revocation-counters.js'
import { ValidatedPathMemo } from './validated-path-memo.js'

/** Per-org settings the validator reads at each validation (so config changes apply at once). */
export interface OrgCertificateSettings {
  /** Trusted CAs, PEM: roots and intermediates (requirements §3.1). */
  trustedCasPem: string[]
  crl: { enabled: boolean; configuredUrls: string[] }
  /** failMode governs every unknown revocation status, whether CRL, OCSP or both are enabled. */
  ocsp: { enabled: boolean; failMode: 'soft' | 'hard'; timeoutMs: number }
}

export interface PoolCertificateValidatorOptions {
  /** The worker pool (workers/pool.ts createWorkerPool). */
  pool: Pick<WorkerPool, 'run'>
  /** Settings of an org; undefined for an unknown org (every certificate: UNKNOWN_CA). */
  settings: (org: string) => OrgCertificateSettings | undefined
  /** Wall clock, ms since the epoch. */
  now: () => number
  /** Counter sink (names from RevocationCounter). */
  count?: (name: string) => void
  crl?: Partial<CrlCacheTuning>
  ocsp?: Partial<OcspTuning>
  /** Validated paths remembered (validated-path-memo.ts); 0 turns the memo off. */
  pathMemoEntries?: number
}

type Status =
  | { kind: 'good' | 'skipped' }
  | { kind: 'revoked'; source: string; reason: string | undefined }
  | { kind: 'unknown'; why: string }

export class PoolCertificateValidator implements CertificateValidator {
  private readonly crls: CrlCache
  private readonly ocsp: OcspClient
  private readonly count: (name: string) => void
  private readonly memo: ValidatedPathMemo | undefined

  constructor(private readonly opts: PoolCertificateValidatorOptions) {
    this.count = opts.count ?? (() => {})
    const entries = opts.pathMemoEntries ?? 4096
    this.memo = entries > 0 ? new ValidatedPathMemo(entries) : undefined
    this.crls = new CrlCache({ pool: opts.pool, now: opts.now, count: this.count, tuning: { ...DEFAULT_CRL_TUNING, ...opts.crl } })
    this.ocsp = new OcspClient({ pool: opts.pool, now: opts.now, count: this.count, tuning: { ...DEFAULT_OCSP_TUNING, ...opts.ocsp } })
  }

  async validate(input: { org: string; chainDer: Uint8Array[]; purpose: 'clientAuth' }): Promise<CertificateValidation> {
    const verdict = await this.decide(input)
    this.count(verdict.ok ? RevocationCounter.validationOk : `${RevocationCounter.validationRefused}.${verdict.reason}`)
    return verdict
  }

  /** Stop the background CRL refreshes. */
  close(): void {
    this.crls.close()
  }

  private async decide(input: { org: string; chainDer: Uint8Array[]; purpose: 'clientAuth' }): Promise<CertificateValidation> {
    const settings = this.opts.settings(input.org)
    if (settings === undefined) return { ok: false, reason: 'UNKNOWN_CA', message: 'unknown organisation' }
    const chain = await this.path(input.chainDer, settings.trustedCasPem, input.purpose)
    if (!chain.ok) return chain
    if (!settings.crl.enabled && !settings.ocsp.enabled) return { ok: true, attributes: chain.attributes }
    const statuses = await Promise.all(chain.path.slice(0, -1).map((cert, i) => {
      const issuer = chain.path[i + 1]
      return issuer === undefined ? Promise.resolve<Status>({ kind: 'skipped' }) : this.status(cert, issuer, i === 0, settings)
    }))
    for (const [i, s] of statuses.entries()) {
      if (s.kind === 'revoked') {
        const which = i === 0 ? 'client certificate' : `intermediate CA ${i}`
        return { ok: false, reason: 'REVOKED', message: `${which} serial ${chain.path[i]?.serial ?? '?'} revoked (${s.reason ?? 'unspecified'}) per ${s.source}` }
      }
    }
    const unknown = statuses.find((s): s is Extract<Status, { kind: 'unknown' }> => s.kind === 'unknown')
    if (unknown !== undefined) {
      if (settings.ocsp.failMode === 'hard') {
        this.count(RevocationCounter.hardFailRefused)
        return { ok: false, reason: 'REVOCATION_UNKNOWN', message: `revocation status unknown: ${unknown.why}` }
      }
      this.count(RevocationCounter.softFailAllowed)
    }
    return { ok: true, attributes: chain.attributes }
  }

  /** RFC 5280 §6.1 path validation: remembered, or by the pool task. */
  private async path(chainDer: Uint8Array[], trustedCasPem: string[], purpose: 'clientAuth'): Promise<ValidateClientCertificateOutput> {
    const atMs = this.opts.now()
    const key = this.memo?.key({ purpose, trustedCasPem, chainDer })
    if (key !== undefined) {
      const hit = this.memo?.get(key, atMs)
      if (hit !== undefined) { this.count(RevocationCounter.pathMemoHit); return hit }
    }
    const chain = await this.opts.pool.run('validateClientCertificate', { chainDer, trustedCasPem, atMs, purpose })
    if (chain.ok && key !== undefined) this.memo?.set(key, chain)
    return chain
  }

  /** Revocation status of `cert` issued by `issuer`, from every enabled source, in parallel. */
  private async status(cert: PathCertificate, issuer: PathCertificate, isLeaf: boolean, s: OrgCertificateSettings): Promise<Status> {
    const crlUrls = s.crl.enabled ? unique([...cert.crlUrls, ...s.crl.configuredUrls].filter(isFetchableUrl)) : []
    const ocspUrls = s.ocsp.enabled ? unique(cert.ocspUrls.filter(isFetchableUrl)) : []
    if (crlUrls.length === 0 && ocspUrls.length === 0) {
      if (!isLeaf) { this.count(RevocationCounter.intermediateSkipped); return { kind: 'skipped' } }
      this.count(RevocationCounter.noSource)
      return { kind: 'unknown', why: 'no CRL distribution point or OCSP responder for the client certificate' }
    }
    const results = await Promise.all([
      ...crlUrls.map((u) => this.fromCrl(u, cert, issuer, isLeaf)),
      ...ocspUrls.map((u) => this.fromOcsp(u, cert, issuer, s.ocsp.timeoutMs)),
    ])
    return results.find((r) => r.kind === 'revoked')
      ?? results.find((r) => r.kind === 'good')
      ?? results.find((r) => r.kind === 'unknown')
      ?? { kind: 'unknown', why: 'no source answered' }
  }

  private async fromCrl(url: string, cert: PathCertificate, issuer: PathCertificate, isLeaf: boolean): Promise<Status> {
    const crl = await this.crls.get(url, issuer.der)
    if (crl === undefined) return { kind: 'unknown', why: 'no current CRL' }
    // RFC 5280 §5.2.5: onlyContainsUserCerts / onlyContainsCACerts limit what the CRL covers.
    if ((crl.scope === 'user-certs' && !isLeaf) || (crl.scope === 'ca-certs' && isLeaf)) return { kind: 'unknown', why: 'CRL scope does not cover the certificate' }
    const entry = crl.lookup(cert.serial)
    return entry === undefined ? { kind: 'good' } : { kind: 'revoked', source: 'CRL', reason: entry.reason }
  }

  private async fromOcsp(url: string, cert: PathCertificate, issuer: PathCertificate, timeoutMs: number): Promise<Status> {
    const a = await this.ocsp.status(url, cert.der, cert.serial, issuer.der, timeoutMs)
    if (a.status === 'good') return { kind: 'good' }
    if (a.status === 'revoked') return { kind: 'revoked', source: 'OCSP', reason: a.reason }
    return { kind: 'unknown', why: a.status === 'failed' ? `OCSP: ${a.message}` : 'OCSP responder answered unknown' }
  }
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)]
}
