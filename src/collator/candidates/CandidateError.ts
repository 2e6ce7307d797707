/** Stable codes of the candidate gatherer's errors. */
export type CandidateErrorCode =
  /** A payload given as text is not `0x`-prefixed hex bytes. */
  | 'BAD_HEX'
  /** An empty payload: the relay refuses them (`Sequencer.EmptyPayload`). */
  | 'EMPTY_PAYLOAD'
  /** Larger than the relay's `Sequencer.MaxPayloadBytes` (`size`, `limit`). */
  | 'PAYLOAD_TOO_LARGE'
  /** Already queued, or sequenced within the recent window (`hash`). */
  | 'DUPLICATE'
  /** The queue holds `maxQueuedPayloads` already. */
  | 'QUEUE_FULL'
  /** The gatherer is not running (not started yet, or stopped). */
  | 'NOT_RUNNING'
  /** The data directory is in use by another live collator process (`path`). */
  | 'STORE_LOCKED'
  /** The data directory belongs to another para or collator account (`path`). */
  | 'STORE_MISMATCH'
  /** The data directory cannot be opened or written (`path`). */
  | 'STORE_FAILED';

export type CandidateErrorData =
  | { readonly code: 'BAD_HEX' | 'EMPTY_PAYLOAD' | 'QUEUE_FULL' | 'NOT_RUNNING' }
  | { readonly code: 'PAYLOAD_TOO_LARGE'; readonly size: number; readonly limit: number }
  | { readonly code: 'DUPLICATE'; readonly hash: Uint8Array }
  | { readonly code: 'STORE_LOCKED' | 'STORE_MISMATCH' | 'STORE_FAILED'; readonly path: string };

/**
 * A refusal or failure of the candidate gatherer, with a stable `code` and its data.
 *
 * @example
 * try { await gatherer.submit(payload); }
 * catch (e) { if (e instanceof CandidateError && e.data.code === 'PAYLOAD_TOO_LARGE') console.log(e.data.limit); }
 */
export class CandidateError extends Error {
  override readonly name = 'CandidateError';
  readonly code: CandidateErrorCode;
  readonly data: CandidateErrorData;

  constructor(data: CandidateErrorData, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = data.code;
    this.data = data;
  }
}
