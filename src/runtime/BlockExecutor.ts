import { encodeBody } from '../primitives/block.ts';
import { encodeDigestItem, encodeHeader, type DigestItem, type Header } from '../primitives/header.ts';
import { blake2_256 } from '../primitives/hashing.ts';
import type { ApplyOutcome, Runtime } from './Runtime.ts';
import { StorageOverlay } from './storage/StorageOverlay.ts';
import type { TransactionValidity } from './TransactionValidity.ts';
import { orderedTrieRoot, Trie, type NodeSource } from './trie/index.ts';

export const STATE_VERSION = 1;
/** Default share of a block one para's lane may fill while others wait. */
export const DEFAULT_LANE_SHARE = 0.25;
/** Read-only state views kept (the best block's and a few before it). */
const READER_CACHE = 8;

export type BlockImportErrorCode =
  | 'WRONG_PARENT' | 'WRONG_NUMBER' | 'MISSING_INHERENT' | 'INVALID_EXTRINSIC' | 'FINALIZE_FAILED'
  | 'STATE_ROOT_MISMATCH' | 'EXTRINSICS_ROOT_MISMATCH' | 'DIGEST_MISMATCH';

/** A block received from elsewhere is not what the runtime would produce. */
export class BlockImportError extends Error {
  override readonly name = 'BlockImportError';
  constructor(
    readonly code: BlockImportErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The parent a block is built on. */
export interface ParentRef {
  readonly hash: Uint8Array;
  readonly number: bigint;
  readonly stateRoot: Uint8Array;
}

export interface BuildBlockInput {
  readonly parent: ParentRef;
  readonly timestamp: bigint;
  readonly author: Uint8Array | undefined;
  /** Pre-runtime digest items from the block author (consensus issue adds its own). */
  readonly preDigest?: readonly DigestItem[];
  /** Candidate transactions, best first; the builder stops taking them once the block is full. */
  readonly candidates: Iterable<{ readonly hash: Uint8Array; readonly tx: Uint8Array }>;
  readonly maxBytes?: number;
  readonly maxTransactions?: number;
  /**
   * Per-para lanes: the share of the block's bytes one app chain may fill while transactions of
   * others wait (default 1/4). What the lanes leave unused goes to the waiting transactions in
   * priority order, so a busy para never starves the others and space is never wasted.
   */
  readonly laneShare?: number;
}

export interface BuiltBlock {
  readonly header: Header;
  readonly hash: Uint8Array;
  readonly encodedHeader: Uint8Array;
  readonly extrinsics: readonly Uint8Array[];
  readonly body: Uint8Array;
  /** New trie nodes of the block's state, to store with the block. */
  readonly stateNodes: Array<[Uint8Array, Uint8Array]>;
  /** Storage keys (hex, no 0x) the block wrote or deleted. */
  readonly changedKeys: readonly string[];
  /** Candidates that were included, and how their dispatch went. */
  readonly included: readonly { readonly hash: Uint8Array; readonly outcome: ApplyOutcome }[];
  /** Candidates found invalid while building (the pool should drop them). */
  readonly rejected: readonly { readonly hash: Uint8Array; readonly validity: Exclude<TransactionValidity, { kind: 'valid' }> }[];
}

/**
 * Builds blocks (and will re-execute imported ones) by running the runtime over the
 * parent's state trie, then turning the block's storage changes into a new state root and
 * the trie nodes to persist.
 */
export class BlockExecutor {
  constructor(
    readonly runtime: Runtime,
    private readonly nodes: NodeSource,
  ) {}

  readonly #readers = new Map<string, Trie>();

  /**
   * The state of a block, for reads only (`state_getStorage`, runtime APIs, validation through
   * an overlay). Views of recent roots are kept, so their decoded trie nodes are reused by the
   * thousands of reads a busy pool makes at the best block. Never write to the returned trie.
   */
  stateAt(stateRoot: Uint8Array): Trie {
    const key = Buffer.from(stateRoot).toString('hex');
    let trie = this.#readers.get(key);
    if (trie === undefined) {
      trie = new Trie(this.nodes, stateRoot, STATE_VERSION);
      this.#readers.set(key, trie);
      if (this.#readers.size > READER_CACHE) this.#readers.delete(this.#readers.keys().next().value!);
    }
    return trie;
  }

  /** A private, writable view for building or executing a block on `stateRoot`. */
  #writableAt(stateRoot: Uint8Array): Trie {
    return new Trie(this.nodes, stateRoot, STATE_VERSION);
  }

  /** The genesis block for the given storage. */
  genesis(storage: ReadonlyMap<string, Uint8Array>): BuiltBlock {
    const trie = new Trie(this.nodes, null, STATE_VERSION);
    for (const [k, v] of storage) trie.set(Buffer.from(k, 'hex'), v);
    const { root, nodes } = trie.commit();
    const header: Header = {
      parentHash: new Uint8Array(32),
      number: 0n,
      stateRoot: root,
      extrinsicsRoot: orderedTrieRoot([], STATE_VERSION),
      digest: [],
    };
    return this.#finish(header, [], nodes, [...storage.keys()], [], []);
  }

  build(input: BuildBlockInput): BuiltBlock {
    const number = input.parent.number + 1n;
    const trie = this.#writableAt(input.parent.stateRoot);
    const state = new StorageOverlay(trie);
    const preDigest = input.preDigest ?? [];
    const env = this.runtime.initializeBlock(state, number, input.parent.hash, preDigest, input.author);
    const inherent = this.runtime.timestampInherent(input.timestamp);
    const inherentOutcome = this.runtime.applyExtrinsic(state, env, inherent, 0);
    if (inherentOutcome.kind !== 'applied' || !inherentOutcome.ok) {
      throw new Error(`timestamp inherent failed: ${JSON.stringify(inherentOutcome)}`);
    }
    const extrinsics: Uint8Array[] = [inherent];
    const included: { hash: Uint8Array; outcome: ApplyOutcome }[] = [];
    const rejected: { hash: Uint8Array; validity: Exclude<TransactionValidity, { kind: 'valid' }> }[] = [];
    const maxBytes = input.maxBytes ?? this.runtime.config.maxBlockBytes;
    const maxTransactions = input.maxTransactions ?? Number.MAX_SAFE_INTEGER;
    let bytes = inherent.length;
    const laneCap = Math.floor(maxBytes * (input.laneShare ?? DEFAULT_LANE_SHARE));
    const laneBytes = new Map<number, number>();
    const deferred: { readonly hash: Uint8Array; readonly tx: Uint8Array }[] = [];
    const take = (candidate: { readonly hash: Uint8Array; readonly tx: Uint8Array }, paras: readonly number[]): void => {
      const outcome = this.runtime.applyExtrinsic(state, env, candidate.tx, extrinsics.length);
      if (outcome.kind === 'invalid') {
        // A nonce gap is not the transaction's fault: it stays in the pool for a later block.
        if (!(outcome.validity.kind === 'invalid' && outcome.validity.reason === 'Future')) {
          rejected.push({ hash: candidate.hash, validity: outcome.validity });
        }
        return;
      }
      extrinsics.push(candidate.tx);
      included.push({ hash: candidate.hash, outcome });
      bytes += candidate.tx.length;
      for (const p of paras) laneBytes.set(p, (laneBytes.get(p) ?? 0) + candidate.tx.length);
    };
    for (const candidate of input.candidates) {
      if (included.length >= maxTransactions) break;
      if (bytes + candidate.tx.length > maxBytes) continue;
      const paras = this.runtime.parasOf(candidate.tx);
      if (paras.some((p) => (laneBytes.get(p) ?? 0) + candidate.tx.length > laneCap)) {
        deferred.push(candidate);
        continue;
      }
      take(candidate, paras);
    }
    for (const candidate of deferred) {
      if (included.length >= maxTransactions) break;
      if (bytes + candidate.tx.length > maxBytes) continue;
      take(candidate, this.runtime.parasOf(candidate.tx));
    }
    const runtimeDigest = this.runtime.finalizeBlock(state, env);
    for (const [k, v] of state.changes()) {
      const key = Buffer.from(k, 'hex');
      if (v === null) trie.delete(key);
      else trie.set(key, v);
    }
    const { root, nodes } = trie.commit();
    const header: Header = {
      parentHash: input.parent.hash,
      number,
      stateRoot: root,
      extrinsicsRoot: orderedTrieRoot(extrinsics, STATE_VERSION),
      digest: [...preDigest, ...runtimeDigest],
    };
    return this.#finish(header, extrinsics, nodes, [...state.changes().keys()], included, rejected);
  }

  /**
   * Re-executes a block received from another node (its proposer) on `parent` and checks it
   * is exactly what the runtime produces: every extrinsic applies, and the state root,
   * extrinsics root and runtime digest match the header. Throws BlockImportError otherwise.
   * `author` is the account the proposer's digest names (fees go to it).
   */
  execute(parent: ParentRef, header: Header, extrinsics: readonly Uint8Array[], author: Uint8Array | undefined): BuiltBlock {
    const fail = (code: BlockImportErrorCode, message: string): never => {
      throw new BlockImportError(code, `block #${header.number}: ${message}`);
    };
    if (!Buffer.from(header.parentHash).equals(Buffer.from(parent.hash))) fail('WRONG_PARENT', 'does not build on the given parent');
    if (header.number !== parent.number + 1n) fail('WRONG_NUMBER', `expected number ${parent.number + 1n}`);
    if (extrinsics.length === 0) fail('MISSING_INHERENT', 'has no timestamp inherent');
    const trie = this.#writableAt(parent.stateRoot);
    const state = new StorageOverlay(trie);
    const preDigest = header.digest.filter((d) => d.type === 'PreRuntime');
    const env = this.runtime.initializeBlock(state, header.number, parent.hash, preDigest, author);
    const included: { hash: Uint8Array; outcome: ApplyOutcome }[] = [];
    extrinsics.forEach((tx, index) => {
      const outcome = this.runtime.applyExtrinsic(state, env, tx, index);
      if (outcome.kind === 'invalid') fail('INVALID_EXTRINSIC', `extrinsic ${index} is invalid: ${outcome.validity.detail}`);
      if (index === 0 && !(outcome.kind === 'applied' && outcome.ok)) fail('MISSING_INHERENT', 'the timestamp inherent failed');
      included.push({ hash: blake2_256(tx), outcome });
    });
    let runtimeDigest: DigestItem[] = [];
    try {
      runtimeDigest = this.runtime.finalizeBlock(state, env);
    } catch (e) {
      fail('FINALIZE_FAILED', (e as Error).message);
    }
    for (const [k, v] of state.changes()) {
      const key = Buffer.from(k, 'hex');
      if (v === null) trie.delete(key);
      else trie.set(key, v);
    }
    const { root, nodes } = trie.commit();
    if (!Buffer.from(root).equals(Buffer.from(header.stateRoot))) fail('STATE_ROOT_MISMATCH', 'state root differs from the executed state');
    if (!Buffer.from(orderedTrieRoot(extrinsics, STATE_VERSION)).equals(Buffer.from(header.extrinsicsRoot))) fail('EXTRINSICS_ROOT_MISMATCH', 'extrinsics root differs');
    const expected = [...preDigest, ...runtimeDigest].map((d) => Buffer.from(encodeDigestItem(d)).toString('hex'));
    const actual = header.digest.filter((d) => d.type !== 'Seal').map((d) => Buffer.from(encodeDigestItem(d)).toString('hex'));
    if (expected.join() !== actual.join()) fail('DIGEST_MISMATCH', 'digest differs from what the runtime produces');
    return this.#finish(header, [...extrinsics], nodes, [...state.changes().keys()], included, []);
  }

  /** The same block under a final header that differs only by a trailing `Seal` digest item. */
  withSeal(block: BuiltBlock, sealed: Header): BuiltBlock {
    const last = sealed.digest[sealed.digest.length - 1];
    const unsealed = encodeHeader({ ...sealed, digest: sealed.digest.slice(0, -1) });
    if (last?.type !== 'Seal' || !Buffer.from(unsealed).equals(Buffer.from(block.encodedHeader))) {
      throw new BlockImportError('DIGEST_MISMATCH', 'a sealed header may only add a Seal item to the built one');
    }
    return this.#finish(sealed, [...block.extrinsics], block.stateNodes, block.changedKeys, block.included, block.rejected);
  }

  #finish(
    header: Header,
    extrinsics: Uint8Array[],
    stateNodes: Array<[Uint8Array, Uint8Array]>,
    changedKeys: readonly string[],
    included: BuiltBlock['included'],
    rejected: BuiltBlock['rejected'],
  ): BuiltBlock {
    const encodedHeader = encodeHeader(header);
    return {
      header,
      hash: blake2_256(encodedHeader),
      encodedHeader,
      extrinsics,
      body: encodeBody(extrinsics),
      stateNodes,
      changedKeys,
      included,
      rejected,
    };
  }
}
