import type { Header } from '../primitives/header.ts';
import type { AnchorReader } from './AnchorReader.ts';
import type { TxRejectedError } from './TxRejectedError.ts';
import type { ParaSlice } from '../primitives/paraCommitment.ts';

/**
 * What the RPC layer needs from the node, declared here by its user (the node implements
 * it). Hashes and keys are raw bytes; hex conversion happens only at the wire.
 */

/** Read access to the stored chain. */
export interface ChainReader {
  genesisHash(): Uint8Array;
  bestHash(): Uint8Array;
  finalizedHash(): Uint8Array;
  /** Hash of the canonical block at `number`, if known. */
  hashAt(number: bigint): Uint8Array | undefined;
  header(hash: Uint8Array): Header | undefined;
  /** The block's extrinsics (each length-prefixed, as in the body). */
  body(hash: Uint8Array): Uint8Array[] | undefined;
  /** Encoded `Justifications` (`Vec<(ConsensusEngineId, Vec<u8>)>`) or undefined when none. */
  justifications(hash: Uint8Array): Uint8Array | undefined;
  /** Called for every block imported on the best chain, in order. Returns an unsubscribe. */
  onBestBlock(listener: (hash: Uint8Array, header: Header) => void): () => void;
  /** Called for every newly finalized block, in order. Returns an unsubscribe. */
  onFinalized(listener: (hash: Uint8Array, header: Header) => void): () => void;
}

export type RuntimeCallErrorCode = 'UNKNOWN_METHOD' | 'BAD_INPUT' | 'EXECUTION_FAILED';

/** A runtime API call (`state_call`) failed. */
export class RuntimeCallError extends Error {
  override readonly name = 'RuntimeCallError';
  constructor(
    readonly code: RuntimeCallErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Read access to state at any stored block. `at` is a block hash; an unknown hash throws UnknownBlockError. */
export interface StateAccess {
  storage(at: Uint8Array, key: Uint8Array): Uint8Array | undefined;
  /** Keys under `prefix` in byte order, strictly after `startAfter`. */
  keys(at: Uint8Array, prefix: Uint8Array, limit: number, startAfter?: Uint8Array): Uint8Array[];
  /** Trie nodes proving the given keys' values (or absence) at `at`. */
  readProof(at: Uint8Array, keys: readonly Uint8Array[]): Uint8Array[];
  /** Runs a runtime API by its wire name (`Core_version`, …); throws RuntimeCallError. */
  call(at: Uint8Array, method: string, data: Uint8Array): Uint8Array;
  /** `RuntimeMetadataPrefixed` (V14) at `at`. */
  metadata(at: Uint8Array): Uint8Array;
  /** `state_getRuntimeVersion`'s JSON at `at`. */
  runtimeVersion(at: Uint8Array): Record<string, unknown>;
  /** The state root of block `at`'s state changed keys between the block and its parent (for storage subscriptions). */
  changedKeys(at: Uint8Array): readonly Uint8Array[];
  /**
   * Merkle value of the closest trie node whose key starts with `prefix` at `at` (the new
   * JSON-RPC's `closestDescendantMerkleValue`), or undefined when no key starts with it.
   * Optional: without it, `chainHead_v1_storage`/`archive_v1_storage` skip such items.
   */
  closestDescendantMerkleValue?(at: Uint8Array, prefix: Uint8Array): Uint8Array | undefined;
}

export class UnknownBlockError extends Error {
  override readonly name = 'UnknownBlockError';
  readonly code = 'UNKNOWN_BLOCK';
  constructor(readonly hash: Uint8Array) {
    super(`Unknown block 0x${Buffer.from(hash).toString('hex')}`);
  }
}

/** Statuses `author_submitAndWatchExtrinsic` reports. */
export type WatchStatus =
  | { readonly kind: 'future' }
  | { readonly kind: 'ready' }
  | { readonly kind: 'broadcast'; readonly peers: string[] }
  | { readonly kind: 'inBlock'; readonly blockHash: Uint8Array }
  | { readonly kind: 'retracted'; readonly blockHash: Uint8Array }
  | { readonly kind: 'finalized'; readonly blockHash: Uint8Array }
  | { readonly kind: 'usurped'; readonly by: Uint8Array }
  | { readonly kind: 'dropped' }
  | { readonly kind: 'invalid' };

/** The transaction pool as RPC sees it. Errors are the pool's typed errors (mapped by the error table). */
/** Hands transactions to the node's pool; a refusal rejects with {@link TxRejectedError}. */
export interface TxSubmitter {
  submit(tx: Uint8Array): Promise<Uint8Array>;
  /** `onStatus` receives every status from the first (ready/future) to a final one; returns the hash and a stop function. */
  submitAndWatch(tx: Uint8Array, onStatus: (s: WatchStatus) => void): Promise<{ hash: Uint8Array; stop: () => void }>;
  pending(): Uint8Array[];
}

/** Static facts and live status of the node for `system_*`. */
export interface NodeInfo {
  readonly name: string;
  readonly version: string;
  readonly chain: string;
  readonly chainType: string;
  readonly properties: Record<string, unknown>;
  readonly roles: readonly string[];
  localPeerId(): string;
  localListenAddresses(): string[];
  peers(): { peerId: string; roles: string; bestHash: string; bestNumber: number }[];
  isSyncing(): boolean;
  shouldHavePeers(): boolean;
  /** `system_syncState`. */
  syncState(): { startingBlock: number; currentBlock: number; highestBlock: number };
}

/** A stored block's para slices: what its header's `spdl` digest (`paraRoot`) commits to. */
export interface BlockParaSlices {
  readonly hash: Uint8Array;
  readonly number: bigint;
  /** The header's `spdl` digest value (32 zero bytes when no para has anything in the block). */
  readonly paraRoot: Uint8Array;
  /** Every non-empty slice, in ascending para id, payloads in relay order. */
  readonly slices: readonly ParaSlice[];
}

/** The sequenced app-chain transactions of stored blocks, for `spindle_*`. */
export interface ParaSlices {
  /** The slices of block `hash`, checked against its header; undefined when the block is unknown. */
  at(hash: Uint8Array): BlockParaSlices | undefined;
  /** Whether `paraId` is registered in the state of block `hash`; throws UnknownBlockError. */
  isRegistered(hash: Uint8Array, paraId: number): boolean;
}

/** Everything the method handlers use. */
export interface RpcBackend {
  readonly chain: ChainReader;
  readonly state: StateAccess;
  readonly pool: TxSubmitter;
  readonly info: NodeInfo;
  readonly paraSlices: ParaSlices;
  /** Next nonce for an account counting ready pool transactions (`system_accountNextIndex`). */
  accountNextIndex(accountId: Uint8Array): Promise<number>;
  /** `payment_queryInfo` / `TransactionPaymentApi_query_info` at `at`. */
  queryInfo(tx: Uint8Array, at: Uint8Array): { weight: { refTime: bigint; proofSize: bigint }; class: string; partialFee: bigint };
  /** Anchoring on Ethereum (`spindle_anchor*`); absent on nodes without it. */
  readonly anchor?: AnchorReader;
}
