// The org's PSK section (requirements §1.7) as the API shows and takes it: passphrases and default
// PSKs are write-only (read back as { set: true }, kept by key name or SSID when not given again),
// expiry is ISO 8601, and every change is validated whole by ops/config's validatePsks (the same
// rules as `nac config check`), so a WLAN made WPA3-SAE refuses keys without registered MACs.
import type { OrgPskConfig, PskConfig, PskWlanConfig } from '../../../proto/wire/org-config.js'
import { validatePsks } from '../../config/validate-psks.js'
import { isSealed } from '../../secrets/index.js'
import type { ApiErrorDetail } from '../api-errors.js'

type Json = Record<string, unknown>

export interface PskView {
  keys: Json[]
  wlans: Json[]
}

const defined = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

export function keyView(k: PskConfig): Json {
  return defined({
    name: k.name, ssid: k.ssid, vlan: k.vlan, passphrase: { set: true },
    expires: k.expiresAt === undefined ? undefined : new Date(k.expiresAt).toISOString(),
    role: k.role, usage: k.usage, macs: k.macs,
  })
}

export function wlanView(w: PskWlanConfig): Json {
  return defined({ ssid: w.ssid, security: w.security, defaultPsk: w.defaultPsk === undefined ? undefined : { set: true }, defaultVlan: w.defaultVlan })
}

/** The section as answered: no secret, only that it is set. */
export function pskView(psks: OrgPskConfig | undefined): PskView {
  return { keys: (psks?.keys ?? []).map(keyView), wlans: (psks?.wlans ?? []).map(wlanView) }
}

// Stands in for a kept (sealed) secret while the rest of the item is validated; never stored.
const STAND_IN = 'kept-secret'

export type PskFromView = { ok: true; psks: OrgPskConfig } | { ok: false; details: ApiErrorDetail[] }

/**
 * The section to store from a changed view. `stored` has the sealed secrets: a key or WLAN that
 * does not give its secret again keeps the stored one (by key name, by SSID).
 */
export function pskFromView(view: PskView, stored: OrgPskConfig | undefined): PskFromView {
  const details: ApiErrorDetail[] = []
  const keptPass = new Map((stored?.keys ?? []).map((k) => [k.name, k.passphrase]))
  const keptDefault = new Map((stored?.wlans ?? []).flatMap((w) => (w.defaultPsk === undefined ? [] : [[w.ssid, w.defaultPsk] as const])))
  const sealedKeys: Array<string | undefined> = []
  const sealedWlans: Array<string | undefined> = []

  /** A secret as given: plain text, or kept from `kept` (undefined when there is none to keep). */
  const secret = (given: unknown, kept: string | undefined, path: string, requiredWhenNew: boolean, out: Array<string | undefined>): unknown => {
    if (typeof given === 'string') {
      // A sealed text could only be replayed from elsewhere: secrets come in plain, over TLS.
      out.push(undefined)
      if (!isSealed(given)) return given
      details.push({ path, rule: 'psk', message: 'give the passphrase itself' })
      return STAND_IN
    }
    if (given === null || (given === undefined && !requiredWhenNew && kept === undefined)) {
      out.push(undefined)
      return undefined
    }
    if (kept === undefined) {
      if (requiredWhenNew) details.push({ path, rule: 'required', message: 'a new key needs its passphrase' })
      else details.push({ path, rule: 'psk', message: 'no default PSK is stored to keep: give one, or null for none' })
      out.push(undefined)
      return STAND_IN
    }
    out.push(kept)
    return STAND_IN
  }

  const keys = view.keys.map((k, i) => ({ ...k, passphrase: secret(k['passphrase'], typeof k['name'] === 'string' ? keptPass.get(k['name']) : undefined, `psks.keys[${i}].passphrase`, true, sealedKeys) }))
  const wlans = view.wlans.map((w, i) => defined({ ...w, defaultPsk: secret(w['defaultPsk'], typeof w['ssid'] === 'string' ? keptDefault.get(w['ssid']) : undefined, `psks.wlans[${i}].defaultPsk`, false, sealedWlans) }))
  const r = validatePsks({ psks: { keys, wlans } }, 'api')
  if (!r.ok) details.push(...r.errors.map((e) => ({ path: e.path, rule: e.rule, message: e.message })))
  if (details.length > 0 || !r.ok) return { ok: false, details }
  const psks = r.psks ?? { keys: [], wlans: [] }
  // validatePsks keeps the order of a valid list: index i is item i of the view.
  return {
    ok: true,
    psks: {
      keys: psks.keys.map((k, i) => ({ ...k, passphrase: sealedKeys[i] ?? k.passphrase })),
      wlans: psks.wlans.map((w, i) => ({ ...w, defaultPsk: sealedWlans[i] ?? w.defaultPsk })),
    },
  }
}
