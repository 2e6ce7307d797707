import { blake2_256 } from './blake2_256.ts';
import { EMPTY_NODE, encodeNode, HASH_LENGTH, isHashedValueLength, type NodeValue } from './nodeCodec.ts';
import { bytesToNibbles, compareBytes } from './nibbles.ts';
import type { StateVersion } from './types.ts';

/**
 * Root of the trie holding exactly `entries` (Substrate's `trie_root` / `LayoutV{0,1}::trie_root`).
 * When a key repeats, the last value wins. Builds the trie bottom-up in one pass over the sorted
 * keys and keeps no nodes; use `Trie` to get the nodes too.
 *
 * @example
 * trieRoot([[new Uint8Array([1]), new Uint8Array([2])]], 1)
 */
export function trieRoot(entries: Iterable<readonly [Uint8Array, Uint8Array]>, version: StateVersion): Uint8Array {
  const byKey = new Map<string, readonly [Uint8Array, Uint8Array]>();
  for (const entry of entries) byKey.set(Buffer.from(entry[0].buffer, entry[0].byteOffset, entry[0].length).toString('latin1'), entry);
  if (byKey.size === 0) return blake2_256(EMPTY_NODE);
  const sorted = [...byKey.values()].sort((a, b) => compareBytes(a[0], b[0]));
  const keys = sorted.map(([k]) => bytesToNibbles(k));
  const values = sorted.map(([, v]) => v);
  return blake2_256(buildNode(keys, values, 0, keys.length, 0, version));
}

/** Encodes the node covering the sorted `keys[lo..hi)`, which all share `depth` leading nibbles. */
function buildNode(
  keys: readonly Uint8Array[],
  values: readonly Uint8Array[],
  lo: number,
  hi: number,
  depth: number,
  version: StateVersion,
): Uint8Array {
  const first = keys[lo]!;
  const last = keys[hi - 1]!;
  let end = depth;
  while (end < first.length && end < last.length && first[end] === last[end]) end++;
  const partial = first.subarray(depth, end);
  let value: NodeValue | undefined;
  let i = lo;
  if (first.length === end) {
    value = toNodeValue(values[lo]!, version);
    i++;
  }
  if (i === hi) return encodeNode(partial, value, undefined);
  const children = new Array<Uint8Array | undefined>(16).fill(undefined);
  while (i < hi) {
    const nibble = keys[i]![end]!;
    let j = i + 1;
    while (j < hi && keys[j]![end] === nibble) j++;
    const encoded = buildNode(keys, values, i, j, end + 1, version);
    children[nibble] = encoded.length < HASH_LENGTH ? encoded : blake2_256(encoded);
    i = j;
  }
  return encodeNode(partial, value, children);
}

function toNodeValue(data: Uint8Array, version: StateVersion): NodeValue {
  return isHashedValueLength(data.length, version) ? { kind: 'hashed', hash: blake2_256(data) } : { kind: 'inline', data };
}
