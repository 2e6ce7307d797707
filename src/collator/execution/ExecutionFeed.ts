import type { OrderedSlice } from '../ParaTransaction.ts';

/** An app-chain block an executor produced, and the relay positions it executed. */
export interface AppBlock {
  readonly number: bigint;
  readonly hash: Uint8Array;
  /** Relay positions (block number, index in the para's slice) executed in this block, in order. */
  readonly positions: readonly { readonly relayBlockNumber: bigint; readonly index: number }[];
}

/** A transaction the app chain refused when executing it (the relay never filters them). */
export interface SkippedTransaction {
  readonly relayBlockNumber: bigint;
  readonly index: number;
  /** Why the app chain refused it, e.g. `bad signature`, `stale nonce`, `undecodable`. */
  readonly reason: string;
}

export interface ExecutionReport {
  /** App-chain blocks sealed while executing this slice (zero, one or several). */
  readonly blocks: readonly AppBlock[];
  readonly skipped: readonly SkippedTransaction[];
}

/** Where an executor stands: the last relay block whose slice it has fully executed. */
export interface ExecutionHead {
  readonly relayBlockNumber: bigint;
  readonly appBlockNumber: bigint;
  readonly appBlockHash: Uint8Array;
}

/**
 * Hands the relay's ordered slices to an app chain's executor, one relay block at a time, in
 * relay order. An implementation may seal several app blocks for one slice or gather several
 * slices into one app block (then `flush` seals what is pending); the report says which.
 */
export interface ExecutionFeed {
  /** Executes `slice` in exactly its order. Slices arrive with strictly increasing relay block numbers. */
  execute(slice: OrderedSlice): Promise<ExecutionReport>;
  /** Seals whatever executed transactions are not in a block yet. */
  flush(): Promise<ExecutionReport>;
  /** The executor's own record of how far it got (survives a restart of the feed if the app chain does). */
  head(): Promise<ExecutionHead | undefined>;
  close(): Promise<void>;
}
