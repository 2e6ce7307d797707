import { UnknownBlockError, type BlockParaSlices, type ParaSlices } from '../rpc/RpcBackend.ts';
import { parasStorage } from '../runtime/pallets/paras.ts';
import type { Chain } from './Chain.ts';
import { paraSlicesOf } from './paraSlicesOf.ts';
import { sequencerBlockDecoder, type SequencerBlockDecoder } from './sequencerBlockDecoder.ts';

const DEFAULT_CACHE_BLOCKS = 64;

/**
 * The node's {@link ParaSlices}: slices derived from stored blocks by {@link paraSlicesOf},
 * the most recently used `cacheBlocks` blocks kept decoded (a block's slices never change:
 * blocks are immutable and looked up by hash).
 *
 * @example
 * const paraSlices = new NodeParaSlices(chain);
 * paraSlices.at(chain.finalizedHash())?.slices;
 */
export class NodeParaSlices implements ParaSlices {
  readonly #chain: Chain;
  readonly #decoder: SequencerBlockDecoder;
  readonly #cacheBlocks: number;
  readonly #cache = new Map<string, BlockParaSlices>();

  constructor(chain: Chain, opts: { readonly cacheBlocks?: number } = {}) {
    this.#chain = chain;
    this.#decoder = sequencerBlockDecoder(chain.executor.runtime.decl);
    this.#cacheBlocks = opts.cacheBlocks ?? DEFAULT_CACHE_BLOCKS;
  }

  at(hash: Uint8Array): BlockParaSlices | undefined {
    const key = Buffer.from(hash).toString('hex');
    const cached = this.#cache.get(key);
    if (cached !== undefined) {
      // Re-insert: Map order is the LRU order.
      this.#cache.delete(key);
      this.#cache.set(key, cached);
      return cached;
    }
    const block = paraSlicesOf(this.#chain, this.#decoder, hash);
    if (block === undefined) return undefined;
    this.#cache.set(key, block);
    if (this.#cache.size > this.#cacheBlocks) this.#cache.delete(this.#cache.keys().next().value!);
    return block;
  }

  isRegistered(hash: Uint8Array, paraId: number): boolean {
    const header = this.#chain.header(hash);
    if (header === undefined) throw new UnknownBlockError(hash);
    return parasStorage.paras.has(this.#chain.executor.stateAt(header.stateRoot), paraId);
  }

  /** Blocks currently cached (for tests and metrics). */
  get cachedBlocks(): number {
    return this.#cache.size;
  }
}
