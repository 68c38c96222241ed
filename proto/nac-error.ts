// NacError: the base of every operational error, with a stable NAC_ERR_* code and a cause
// (STYLE.md, errors). It sits in proto/, the innermost layer, so every layer can extend it.

/** An operational error with a stable `NAC_ERR_*` code; the original error, if any, is its `cause`. */
export class NacError<C extends string = string> extends Error {
  readonly code: C

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
  }
}
