/** Stable codes of {@link ChopsticksFeedError}. */
export type ChopsticksFeedErrorCode =
  /** The WebSocket to chopsticks could not be opened. */
  | 'CONNECT_FAILED'
  /** A slice of another para. */
  | 'WRONG_PARA'
  /** The slice's relay block is not after the last executed one (in memory, or the chain's marker). */
  | 'ALREADY_EXECUTED'
  /** `dev_newBlock` answered but the head is not a new child of the previous head (chopsticks failed to build, or someone else built a block). */
  | 'BLOCK_NOT_BUILT'
  /** A JSON-RPC call to chopsticks failed. */
  | 'RPC_FAILED'
  /** An earlier `execute` failed after `dev_newBlock` was sent: where the chain stands is unknown to this feed. */
  | 'BROKEN'
  | 'CLOSED';

/** The chopsticks execution feed could not execute a slice or answer. */
export class ChopsticksFeedError extends Error {
  override readonly name = 'ChopsticksFeedError';
  constructor(
    readonly code: ChopsticksFeedErrorCode,
    message: string,
    readonly data: { readonly paraId?: number; readonly relayBlockNumber?: bigint } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
