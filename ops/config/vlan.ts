// VLAN values of VLAN labels and endpoints (requirements §8: "VLAN ID 1–4094 (or a VLAN name)",
// §4.1: "VLAN ID between 1 to 4094 or VLAN name"), or a site variable such as {{vlan0}} (§2.9:
// "You can use site variables in authentication policy to assign the VLANs specific to the
// sites"), resolved per site at evaluation time.

const DIGITS = /^\d+$/
/** A VLAN name: starts with a letter, then letters, digits, '_', '-', '.'; at most 32 characters. */
const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/
const SITE_VARIABLE = /^\{\{[A-Za-z0-9_]{1,64}\}\}$/

/** Why a VLAN value is invalid, or undefined when it is valid. */
export function vlanProblem(text: string): string | undefined {
  if (DIGITS.test(text)) {
    const id = Number(text)
    return id >= 1 && id <= 4094 ? undefined : 'a VLAN ID must be 1-4094'
  }
  if (NAME.test(text) || SITE_VARIABLE.test(text)) return undefined
  return 'not a VLAN ID (1-4094), a VLAN name (a letter, then up to 31 letters, digits, "_", "-", ".") or a site variable ({{name}})'
}
