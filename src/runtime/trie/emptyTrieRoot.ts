import { blake2_256 } from './blake2_256.ts';
import { EMPTY_NODE } from './nodeCodec.ts';

/** Root of the empty trie, `blake2_256([0x00])` = 0x03170a2e…1314. A fresh copy each call. */
export function emptyTrieRoot(): Uint8Array {
  return blake2_256(EMPTY_NODE);
}
