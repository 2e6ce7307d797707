import { u8aToHex } from '@polkadot/util';
import type { NodeSource } from './types.ts';

/** A Map-backed NodeSource, for tests and for building blocks in memory. Nothing is ever removed. */
export class MemoryNodeSource implements NodeSource {
  readonly #nodes = new Map<string, Uint8Array>();

  getNode(hash: Uint8Array): Uint8Array | undefined {
    return this.#nodes.get(u8aToHex(hash));
  }

  put(hash: Uint8Array, node: Uint8Array): void {
    this.#nodes.set(u8aToHex(hash), node);
  }

  /** Stores every `[hash, node]` pair, e.g. the `nodes` of `Trie.commit()`. */
  putAll(nodes: Iterable<readonly [Uint8Array, Uint8Array]>): void {
    for (const [hash, node] of nodes) this.put(hash, node);
  }

  get size(): number {
    return this.#nodes.size;
  }
}
