import { decodeBody } from '../primitives/block.ts';
import { decodeHeader, type Header } from '../primitives/header.ts';
import { blake2_256 } from '../primitives/hashing.ts';
import type { BlockExecutor, BuiltBlock } from '../runtime/BlockExecutor.ts';
import { callRuntimeApi, RuntimeApiError } from '../runtime/runtimeApis.ts';
import { runtimeVersionJson } from '../runtime/runtimeVersion.ts';
import { readProof } from '../runtime/trie/index.ts';
import { RuntimeCallError, UnknownBlockError, type ChainReader, type StateAccess } from '../rpc/RpcBackend.ts';
import type { ChainStore } from '../store/index.ts';

type HeadListener = (hash: Uint8Array, header: Header) => void;

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const CHANGED_KEYS_KEPT = 256;
const HEADER_CACHE = 4096;

/** A block the chain knows, with its decoded header. */
export interface ChainHead {
  readonly hash: Uint8Array;
  readonly header: Header;
}

export class ChainError extends Error {
  override readonly name = 'ChainError';
  constructor(
    readonly code: 'GENESIS_MISMATCH' | 'NOT_CHILD_OF_BEST' | 'CORRUPT_STORE',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The node's view of its chain: stored blocks and state behind ChainStore, the best and
 * finalized heads, and listeners for both. It implements the RPC layer's ChainReader and
 * StateAccess. Every import is one atomic store commit, so after a crash the chain resumes
 * at the last committed head with its state.
 */
export class Chain implements ChainReader, StateAccess {
  readonly #store: ChainStore;
  readonly #executor: BlockExecutor;
  readonly #genesis: ChainHead;
  #best: ChainHead;
  #finalized: ChainHead;
  readonly #headers = new Map<string, Header>();
  readonly #changed = new Map<string, readonly Uint8Array[]>();
  readonly #bestListeners = new Set<HeadListener>();
  readonly #finalizedListeners = new Set<HeadListener>();

  private constructor(store: ChainStore, executor: BlockExecutor, genesis: ChainHead, best: ChainHead, finalized: ChainHead) {
    this.#store = store;
    this.#executor = executor;
    this.#genesis = genesis;
    this.#best = best;
    this.#finalized = finalized;
  }

  /** Opens the chain in `store`, writing `genesis` into an empty store and refusing a store of another chain. */
  static async open(store: ChainStore, executor: BlockExecutor, genesis: BuiltBlock): Promise<Chain> {
    const stored = store.genesisHash();
    if (stored === undefined) {
      await store.commitGenesis({ hash: genesis.hash, header: genesis.encodedHeader, body: genesis.body, stateNodes: genesis.stateNodes });
    } else if (!Buffer.from(stored).equals(Buffer.from(genesis.hash))) {
      throw new ChainError('GENESIS_MISMATCH', `the database at this base path belongs to another chain (genesis 0x${hex(stored)}, expected 0x${hex(genesis.hash)}); use another --base-path or purge it`);
    }
    const head = (hash: Uint8Array | undefined, what: string): ChainHead => {
      const raw = hash === undefined ? undefined : store.header(hash);
      if (hash === undefined || raw === undefined) throw new ChainError('CORRUPT_STORE', `the ${what} block is missing from the store`);
      return { hash, header: decodeHeader(raw) };
    };
    return new Chain(store, executor, { hash: genesis.hash, header: genesis.header }, head(store.bestHash(), 'best'), head(store.finalizedHash(), 'finalized'));
  }

  get best(): ChainHead {
    return this.#best;
  }

  get finalized(): ChainHead {
    return this.#finalized;
  }

  get executor(): BlockExecutor {
    return this.#executor;
  }

  /** Imports a block built on the best head; with `finalize` it is final at once (single-validator chains). */
  async importBlock(block: BuiltBlock, opts: { finalize: boolean; justifications?: Uint8Array }): Promise<void> {
    if (!Buffer.from(block.header.parentHash).equals(Buffer.from(this.#best.hash))) {
      throw new ChainError('NOT_CHILD_OF_BEST', `block #${block.header.number} does not extend the best block`);
    }
    await this.#store.commitBlock({
      hash: block.hash,
      number: block.header.number,
      header: block.encodedHeader,
      body: block.body,
      stateNodes: block.stateNodes,
      extrinsicHashes: block.extrinsics.map(blake2_256),
      setBest: true,
      setFinalized: opts.finalize,
      ...(opts.justifications === undefined ? {} : { justifications: opts.justifications }),
    });
    const head = { hash: block.hash, header: block.header };
    this.#remember(block.hash, block.header);
    this.#changed.set(hex(block.hash), block.changedKeys.map((k) => Buffer.from(k, 'hex')));
    if (this.#changed.size > CHANGED_KEYS_KEPT) this.#changed.delete(this.#changed.keys().next().value!);
    this.#best = head;
    for (const l of this.#bestListeners) l(head.hash, head.header);
    if (opts.finalize) {
      this.#finalized = head;
      for (const l of this.#finalizedListeners) l(head.hash, head.header);
    }
  }

  /**
   * Finalizes a stored block on the best chain (and with it every ancestor), storing its
   * justification. Finalized listeners hear each newly final block in order.
   */
  async finalize(hash: Uint8Array, justifications?: Uint8Array): Promise<void> {
    const header = this.header(hash);
    if (header === undefined) throw new UnknownBlockError(hash);
    if (header.number <= this.#finalized.header.number) return;
    const canonical = this.#store.hashAt(header.number);
    if (canonical === undefined || !Buffer.from(canonical).equals(Buffer.from(hash))) {
      throw new ChainError('NOT_CHILD_OF_BEST', `block #${header.number} is not on the best chain`);
    }
    await this.#store.setFinalized(hash, justifications);
    const from = this.#finalized.header.number + 1n;
    this.#finalized = { hash, header };
    for (let n = from; n <= header.number; n++) {
      const h = n === header.number ? hash : this.#store.hashAt(n)!;
      const hd = this.header(h)!;
      for (const l of this.#finalizedListeners) l(h, hd);
    }
  }

  // ---- ChainReader -------------------------------------------------------------------------

  genesisHash(): Uint8Array {
    return this.#genesis.hash;
  }
  bestHash(): Uint8Array {
    return this.#best.hash;
  }
  finalizedHash(): Uint8Array {
    return this.#finalized.hash;
  }
  hashAt(number: bigint): Uint8Array | undefined {
    return number > this.#best.header.number ? undefined : this.#store.hashAt(number);
  }
  header(hash: Uint8Array): Header | undefined {
    const cached = this.#headers.get(hex(hash));
    if (cached !== undefined) return cached;
    const raw = this.#store.header(hash);
    if (raw === undefined) return undefined;
    const header = decodeHeader(raw);
    this.#remember(hash, header);
    return header;
  }
  body(hash: Uint8Array): Uint8Array[] | undefined {
    const raw = this.#store.body(hash);
    return raw === undefined ? undefined : decodeBody(raw);
  }
  justifications(hash: Uint8Array): Uint8Array | undefined {
    return this.#store.justifications(hash);
  }
  onBestBlock(listener: HeadListener): () => void {
    this.#bestListeners.add(listener);
    return () => this.#bestListeners.delete(listener);
  }
  onFinalized(listener: HeadListener): () => void {
    this.#finalizedListeners.add(listener);
    return () => this.#finalizedListeners.delete(listener);
  }

  // ---- StateAccess -------------------------------------------------------------------------

  storage(at: Uint8Array, key: Uint8Array): Uint8Array | undefined {
    return this.#trie(at).get(key);
  }
  keys(at: Uint8Array, prefix: Uint8Array, limit: number, startAfter?: Uint8Array): Uint8Array[] {
    return this.#trie(at).keys(prefix, startAfter, limit);
  }
  readProof(at: Uint8Array, keys: readonly Uint8Array[]): Uint8Array[] {
    return readProof(this.#store.stateNodes, this.#requireHeader(at).stateRoot, keys);
  }
  call(at: Uint8Array, method: string, data: Uint8Array): Uint8Array {
    const header = this.#requireHeader(at);
    try {
      return callRuntimeApi({ runtime: this.#executor.runtime, state: this.#executor.stateAt(header.stateRoot), at: { number: header.number, hash: at } }, method, data);
    } catch (e) {
      if (e instanceof RuntimeApiError) throw new RuntimeCallError(e.code === 'UNKNOWN_METHOD' ? 'UNKNOWN_METHOD' : 'BAD_INPUT', e.message);
      throw new RuntimeCallError('EXECUTION_FAILED', (e as Error).message);
    }
  }
  metadata(at: Uint8Array): Uint8Array {
    this.#requireHeader(at);
    return this.#executor.runtime.metadata.v14;
  }
  runtimeVersion(at: Uint8Array): Record<string, unknown> {
    this.#requireHeader(at);
    return runtimeVersionJson(this.#executor.runtime.version);
  }
  changedKeys(at: Uint8Array): readonly Uint8Array[] {
    return this.#changed.get(hex(at)) ?? [];
  }

  closestDescendantMerkleValue(at: Uint8Array, prefix: Uint8Array): Uint8Array | undefined {
    return this.#trie(at).closestDescendantMerkleValue(prefix);
  }

  /** The number and hash of a stored block. */
  blockRef(hash: Uint8Array): { hash: Uint8Array; number: bigint } {
    return { hash, number: this.#requireHeader(hash).number };
  }

  #trie(at: Uint8Array): ReturnType<BlockExecutor['stateAt']> {
    return this.#executor.stateAt(this.#requireHeader(at).stateRoot);
  }

  #requireHeader(hash: Uint8Array): Header {
    const header = this.header(hash);
    if (header === undefined) throw new UnknownBlockError(hash);
    return header;
  }

  #remember(hash: Uint8Array, header: Header): void {
    this.#headers.set(hex(hash), header);
    if (this.#headers.size > HEADER_CACHE) this.#headers.delete(this.#headers.keys().next().value!);
  }
}
