import { compactToU8a } from '@polkadot/util';
import { trieRoot } from './trieRoot.ts';
import type { StateVersion } from './types.ts';

/**
 * Root of the trie mapping `Compact<u32>(index)` to each value: Substrate's `ordered_trie_root`,
 * which gives a block's extrinsics root.
 *
 * @example
 * orderedTrieRoot(block.extrinsics, 1)
 */
export function orderedTrieRoot(values: readonly Uint8Array[], version: StateVersion): Uint8Array {
  return trieRoot(
    values.map((v, i) => [compactToU8a(i), v] as const),
    version,
  );
}
