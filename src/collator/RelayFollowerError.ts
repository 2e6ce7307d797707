/** Why a slice from the relay was rejected. */
export type InvalidSliceReason =
  /** The notification or the header does not have the wire shape. */
  | 'MALFORMED'
  /** The slice is for another para. */
  | 'WRONG_PARA'
  /** The header the relay returned for `blockHash` does not hash to it, or has another number. */
  | 'HEADER_MISMATCH'
  /** The relay does not know the header of the block it just streamed. */
  | 'UNKNOWN_HEADER'
  /** The block is not the child of the previous one (or of the committed cursor). */
  | 'NOT_CHILD'
  /** `paraRoot` is not the header's `spdl` digest. */
  | 'PARA_ROOT_MISMATCH'
  /** The payloads do not hash to `sliceRoot`. */
  | 'SLICE_ROOT_MISMATCH'
  /** The para leaf's proof does not lead to the header's para root. */
  | 'BAD_PROOF'
  /** An empty slice whose absence proof does not hold (the para may be hiding transactions). */
  | 'BAD_ABSENCE_PROOF';

/** Stable codes of {@link RelayFollowerError}. */
export type RelayFollowerErrorCode =
  /** A slice failed verification against its relay header; `reason` says which check. */
  | 'INVALID_SLICE'
  /** The relay refused the subscription for good (e.g. 7001: the para is not registered). */
  | 'SUBSCRIBE_REJECTED'
  /** The cursor file exists but cannot be read as a cursor of this para. */
  | 'CURSOR_CORRUPT'
  /** `commit` of a block that was not delivered, or below the committed cursor. */
  | 'BAD_COMMIT'
  /** The follower was used before `start()` or after `stop()`. */
  | 'NOT_RUNNING';

/** A relay follower failure, with the block it concerns when there is one. */
export class RelayFollowerError extends Error {
  override readonly name = 'RelayFollowerError';
  constructor(
    readonly code: RelayFollowerErrorCode,
    message: string,
    readonly data: { readonly reason?: InvalidSliceReason; readonly paraId?: number; readonly relayBlockNumber?: bigint; readonly rpcCode?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
