import type { Header } from '../../../primitives/header.ts';
import type { BlockExecutor, BuiltBlock } from '../../../runtime/BlockExecutor.ts';
import { callRuntimeApi, RuntimeApiError } from '../../../runtime/runtimeApis.ts';
import { runtimeVersionJson } from '../../../runtime/runtimeVersion.ts';
import { readProof, type MemoryNodeSource } from '../../../runtime/trie/index.ts';
import { RuntimeCallError, UnknownBlockError, type ChainReader, type StateAccess } from '../../RpcBackend.ts';

type HeadListener = (hash: Uint8Array, header: Header) => void;

interface StoredBlock {
  readonly header: Header;
  readonly extrinsics: readonly Uint8Array[];
  readonly changedKeys: readonly Uint8Array[];
  readonly justifications: Uint8Array | undefined;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/**
 * Test support: a linear chain held in memory over a real {@link BlockExecutor} (real runtime,
 * real trie in a MemoryNodeSource), implementing the RPC layer's ChainReader and StateAccess
 * the way the node's chain does, without a store.
 */
export class TestChain implements ChainReader, StateAccess {
  readonly executor: BlockExecutor;
  readonly #nodes: MemoryNodeSource;
  readonly #blocks = new Map<string, StoredBlock>();
  readonly #canonical: Uint8Array[] = [];
  #finalized: Uint8Array;
  readonly #bestListeners = new Set<HeadListener>();
  readonly #finalizedListeners = new Set<HeadListener>();

  constructor(executor: BlockExecutor, nodes: MemoryNodeSource, genesis: BuiltBlock) {
    this.executor = executor;
    this.#nodes = nodes;
    nodes.putAll(genesis.stateNodes);
    this.#blocks.set(hex(genesis.hash), { header: genesis.header, extrinsics: [], changedKeys: [], justifications: undefined });
    this.#canonical.push(genesis.hash);
    this.#finalized = genesis.hash;
  }

  get bestHeader(): Header {
    return this.#require(this.bestHash());
  }

  /** Imports a block built on the best head, notifying best (and, with `finalize`, finalized) listeners. */
  importBlock(block: BuiltBlock, opts: { finalize?: boolean; justifications?: Uint8Array } = {}): void {
    if (hex(block.header.parentHash) !== hex(this.bestHash())) throw new Error(`block #${block.header.number} does not extend the best block`);
    this.#nodes.putAll(block.stateNodes);
    this.#blocks.set(hex(block.hash), {
      header: block.header,
      extrinsics: block.extrinsics,
      changedKeys: block.changedKeys.map((k) => Uint8Array.from(Buffer.from(k, 'hex'))),
      justifications: opts.justifications,
    });
    this.#canonical.push(block.hash);
    for (const l of [...this.#bestListeners]) l(block.hash, block.header);
    if (opts.finalize === true) this.finalize(block.hash);
  }

  finalize(hash: Uint8Array): void {
    const header = this.#require(hash);
    this.#finalized = hash;
    for (const l of [...this.#finalizedListeners]) l(hash, header);
  }

  // ---- ChainReader -------------------------------------------------------------------------

  genesisHash(): Uint8Array {
    return this.#canonical[0]!;
  }
  bestHash(): Uint8Array {
    return this.#canonical[this.#canonical.length - 1]!;
  }
  finalizedHash(): Uint8Array {
    return this.#finalized;
  }
  hashAt(number: bigint): Uint8Array | undefined {
    return number < BigInt(this.#canonical.length) ? this.#canonical[Number(number)] : undefined;
  }
  header(hash: Uint8Array): Header | undefined {
    return this.#blocks.get(hex(hash))?.header;
  }
  body(hash: Uint8Array): Uint8Array[] | undefined {
    const block = this.#blocks.get(hex(hash));
    return block === undefined ? undefined : [...block.extrinsics];
  }
  justifications(hash: Uint8Array): Uint8Array | undefined {
    return this.#blocks.get(hex(hash))?.justifications;
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
    return readProof(this.#nodes, this.#require(at).stateRoot, keys);
  }
  call(at: Uint8Array, method: string, data: Uint8Array): Uint8Array {
    const header = this.#require(at);
    try {
      return callRuntimeApi({ runtime: this.executor.runtime, state: this.executor.stateAt(header.stateRoot), at: { number: header.number, hash: at } }, method, data);
    } catch (e) {
      if (e instanceof RuntimeApiError) throw new RuntimeCallError(e.code === 'UNKNOWN_METHOD' ? 'UNKNOWN_METHOD' : 'BAD_INPUT', e.message);
      throw new RuntimeCallError('EXECUTION_FAILED', (e as Error).message);
    }
  }
  metadata(at: Uint8Array): Uint8Array {
    this.#require(at);
    return this.executor.runtime.metadata.v14;
  }
  runtimeVersion(at: Uint8Array): Record<string, unknown> {
    this.#require(at);
    return runtimeVersionJson(this.executor.runtime.version);
  }
  changedKeys(at: Uint8Array): readonly Uint8Array[] {
    return this.#blocks.get(hex(at))?.changedKeys ?? [];
  }

  #trie(at: Uint8Array): ReturnType<BlockExecutor['stateAt']> {
    return this.executor.stateAt(this.#require(at).stateRoot);
  }

  #require(hash: Uint8Array): Header {
    const header = this.header(hash);
    if (header === undefined) throw new UnknownBlockError(hash);
    return header;
  }
}
