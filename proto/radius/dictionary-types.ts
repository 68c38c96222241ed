// Shapes of FreeRADIUS 3.2 dictionary entries (ATTRIBUTE, VALUE, VENDOR lines): see
// FreeRADIUS man page dictionary(5); data types per RFC 8044 where it names them.

/** A vendor (VENDOR line); VSA layout per `format=t,l[,c]` (default 1,1: RFC 2865 §5.26). */
export interface VendorDef {
  name: string
  id: number
  /** Octets of the vendor-type field: 1, 2 or 4. */
  typeSize: 1 | 2 | 4
  /** Octets of the vendor-length field: 0, 1 or 2. */
  lengthSize: 0 | 1 | 2
  /** WiMAX-style continuation octet after the length (`format=1,1,c`). */
  continuation: boolean
}

/** An attribute (ATTRIBUTE line). */
export interface AttributeDef {
  name: string
  /** Vendor id; 0 = standard (including RFC 6929 extended space). */
  vendor: number
  /**
   * OID path. Standard: [1], extended [241, 1], TLV child [241, 5, 1]; VSA:
   * [26, vendor-type, ...tlv]; EVS (RFC 6929 §2.4): [241, 26, vendor-type, ...tlv].
   */
  code: number[]
  /** FreeRADIUS type name, lower-cased ("string", "octets", "integer", "tlv", ...). */
  type: string
  /** 1 = User-Password (RFC 2865 §5.2), 2 = salt (RFC 2868 §3.5), 3 = Ascend secret. */
  encrypt: 0 | 1 | 2 | 3
  /** RFC 2868 §3.1 tag octet. */
  hasTag: boolean
  /** Value split over consecutive attributes (EAP-Message, RFC 3579 §3.1). */
  concat: boolean
  /** Several fixed-size values packed in one attribute. */
  array: boolean
  virtual: boolean
  internal: boolean
  /** `octets[N]`: the only valid value length. */
  fixedLength: number | undefined
  /** Every flag of the line as written, known or not (key -> value, "" for bare flags). */
  flags: Readonly<Record<string, string>>
  /** Where it was defined, for error messages. */
  source: string
}
