// The SSID from Called-Station-Id (requirements §2.5, SSID label, L3965): RFC 3580 §3.20 puts the
// AP's MAC and the SSID in Called-Station-Id as "MAC:SSID" (the MAC in any usual spelling, e.g.
// "00-10-A4-23-19-C0:AP1"). The SSID is the text after the first ':' that follows the MAC; an
// SSID may itself contain ':'.

const MAC_PREFIX = /^(?:[0-9A-Fa-f]{2}(?:[-:.]?[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}):/

/** The SSID part of a Called-Station-Id, or undefined when it carries none (wired NAS). */
export function ssidFromCalledStationId(value: string): string | undefined {
  const m = MAC_PREFIX.exec(value)
  if (m === null) return undefined
  const ssid = value.slice(m[0].length)
  return ssid.length === 0 ? undefined : ssid
}
