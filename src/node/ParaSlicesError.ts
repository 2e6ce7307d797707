/** Stable codes of {@link ParaSlicesError}. */
export type ParaSlicesErrorCode =
  /** The slices derived from the stored body and events do not hash to the header's `spdl` digest. */
  | 'ROOT_MISMATCH'
  /** The header is stored but its body is not. */
  | 'MISSING_BODY'
  /** A stored sequencer extrinsic or the stored events do not decode. */
  | 'MALFORMED_BLOCK';

/**
 * The node could not derive a stored block's para slices. Always an internal fault (a corrupt
 * store, or a runtime/derivation disagreement): the RPC answers it as -32603 and logs it.
 */
export class ParaSlicesError extends Error {
  override readonly name = 'ParaSlicesError';
  constructor(
    readonly code: ParaSlicesErrorCode,
    readonly blockHash: Uint8Array,
    message: string,
    readonly details: { readonly committed?: Uint8Array; readonly derived?: Uint8Array } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
