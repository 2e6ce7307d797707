export type ReferenceChainErrorCode =
  /** A relay block at or below the last one executed (or durably recorded) was handed in again. */
  | 'ALREADY_EXECUTED'
  /** A slice of another para, or a journal written for another para. */
  | 'WRONG_PARA'
  /** `commit` while applied transactions are not sealed in a block yet. */
  | 'PENDING_NOT_SEALED'
  /** The journal directory cannot be opened or written. */
  | 'JOURNAL_FAILED'
  /** The journal's contents contradict each other (e.g. state root ≠ the last block's). */
  | 'CORRUPTED'
  /** Used after `close()`. */
  | 'CLOSED'
  /** A constructor/open option out of range. */
  | 'INVALID_OPTION';

/** Errors of the reference app chain and its execution feed (never raised for a bad transaction: those are skipped). */
export class ReferenceChainError extends Error {
  override readonly name = 'ReferenceChainError';
  constructor(
    readonly code: ReferenceChainErrorCode,
    message: string,
    readonly data: { readonly relayBlockNumber?: bigint; readonly paraId?: number; readonly path?: string } = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
