/** The JSON-RPC error a Substrate node answers a refused transaction with (1010…1019). */
export interface TxRejection {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/**
 * The node refused a transaction (thrown by {@link TxSubmitter}); it carries the JSON-RPC error
 * to answer with, so the RPC layer needs nothing of the pool. `invalid` is true when the
 * transaction itself is invalid or of unknown validity (watchers report `invalid`, else `dropped`).
 */
export class TxRejectedError extends Error {
  override readonly name = 'TxRejectedError';
  constructor(
    readonly rejection: TxRejection,
    readonly invalid: boolean,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
