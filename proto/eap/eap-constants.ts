// EAP Code and Type numbers (RFC 3748 §4, §5; IANA "EAP Method Types": TLS 13 per RFC 5216,
// TTLS 21 per RFC 5281, PEAP 25, TEAP 55 per RFC 7170).

/** RFC 3748 §4: "1 Request, 2 Response, 3 Success, 4 Failure". */
export const EapCode = { Request: 1, Response: 2, Success: 3, Failure: 4 } as const
export type EapCode = (typeof EapCode)[keyof typeof EapCode]

/** Method types used by the server (RFC 3748 §5; IANA registry). */
export const EapType = {
  Identity: 1,
  Notification: 2,
  Nak: 3,
  Md5Challenge: 4,
  Tls: 13,
  Ttls: 21,
  Peap: 25,
  MsChapV2: 26,
  Teap: 55,
  Expanded: 254,
} as const
export type EapType = (typeof EapType)[keyof typeof EapType]
