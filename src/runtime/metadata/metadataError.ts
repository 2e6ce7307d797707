/** Stable codes for everything that can go wrong building metadata or using its codecs. */
export type MetadataErrorCode =
  | 'INVALID_TYPE'
  | 'INVALID_DECL'
  | 'DUPLICATE_INDEX'
  | 'DUPLICATE_NAME'
  | 'UNKNOWN_TYPE'
  | 'INVALID_METADATA'
  | 'ENCODE_FAILED'
  | 'DECODE_FAILED';

/**
 * Thrown for a declaration that FRAME could not have produced (duplicate pallet index, a
 * variant index above 255, …) or a type the codec does not know.
 */
export class MetadataError extends Error {
  override readonly name = 'MetadataError';
  readonly code: MetadataErrorCode;
  /** Where the problem is, e.g. `pallet System / call remark`. */
  readonly at: string | undefined;

  constructor(code: MetadataErrorCode, message: string, opts: { at?: string; cause?: unknown } = {}) {
    super(opts.at === undefined ? message : `${message} (at ${opts.at})`, { cause: opts.cause });
    this.code = code;
    this.at = opts.at;
  }
}
