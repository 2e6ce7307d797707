/**
 * One app-chain transaction in the relay's finalized order: the `index`-th payload of para
 * `paraId`'s slice of relay block `relayBlockNumber`. `(relayBlockNumber, index)` is the
 * transaction's global position for that para; streams and cursors are ordered by it.
 */
export interface ParaTransaction {
  readonly paraId: number;
  readonly relayBlockNumber: bigint;
  readonly relayBlockHash: Uint8Array;
  readonly index: number;
  readonly payload: Uint8Array;
}

/** A para's whole slice of one finalized relay block (possibly empty), in relay order. */
export interface OrderedSlice {
  readonly paraId: number;
  readonly relayBlockNumber: bigint;
  readonly relayBlockHash: Uint8Array;
  readonly payloads: readonly Uint8Array[];
}
