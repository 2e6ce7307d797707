import { EMPTY_MERKLE_ROOT } from '../../../primitives/binaryMerkle.ts';
import { keccak256 } from '../../../primitives/hashing.ts';
import { compactLengthSize, writeCompactLength } from './kvCompact.ts';

/**
 * A byte-keyed map with a deterministic root: the binary Merkle root of
 * `src/primitives/binaryMerkle.ts` (keccak, 0x00 leaf / 0x01 node, odd node promoted) over the
 * entries sorted by key (bytewise), each leaf's data being `compact(key length) ‖ key ‖ value`.
 * So `root()` equals `merkleRoot(sortedLeaves)` and `merkleProof` proves an entry (and two
 * adjacent leaves prove an absence).
 *
 * Incremental: leaf hashes and every inner level are cached. `root()` rehashes the leaves of keys
 * changed since the last call, the paths above updated values, and — when keys were inserted or
 * deleted — every node right of the leftmost inserted/deleted position (positions shift there).
 * Keys are "binary strings" (latin1: one char per byte), whose JS order is the bytewise order.
 * Requires `initHashing()` to have resolved.
 */
export class KvStateTree {
  readonly #values = new Map<string, Uint8Array>();
  /** Keys changed since the last `root()`. */
  readonly #dirty = new Set<string>();
  /** Sorted keys as of the last `root()`; `#levels[0][i]` is the leaf hash of `#sortedKeys[i]`. */
  #sortedKeys: string[] = [];
  #levels: Uint8Array[][] = [[]];
  #root: Uint8Array = EMPTY_MERKLE_ROOT;
  readonly #scratch = new Uint8Array(65);

  get size(): number {
    return this.#values.size;
  }

  get(key: string): Uint8Array | undefined {
    return this.#values.get(key);
  }

  has(key: string): boolean {
    return this.#values.has(key);
  }

  /** Stores `value` as is (the caller must not mutate it afterwards). */
  set(key: string, value: Uint8Array): void {
    this.#values.set(key, value);
    this.#dirty.add(key);
  }

  delete(key: string): void {
    if (this.#values.delete(key)) this.#dirty.add(key);
  }

  /** Entries in insertion order (not sorted). */
  entries(): IterableIterator<[string, Uint8Array]> {
    return this.#values.entries();
  }

  root(): Uint8Array {
    if (this.#dirty.size === 0) return this.#root;
    const leaves = this.#levels[0]!;
    /** Leaf positions (in the current order) whose hash changed in place. */
    const updated: number[] = [];
    const inserted: string[] = [];
    const deleted = new Set<string>();
    for (const key of this.#dirty) {
      const index = findKey(this.#sortedKeys, key);
      const value = this.#values.get(key);
      if (index >= 0) {
        if (value === undefined) deleted.add(key);
        else {
          leaves[index] = this.#leafHash(key, value);
          updated.push(index);
        }
      } else if (value !== undefined) inserted.push(key);
    }
    this.#dirty.clear();
    let shiftedFrom = Number.POSITIVE_INFINITY;
    if (inserted.length > 0 || deleted.size > 0) shiftedFrom = this.#restructure(inserted, deleted);
    this.#rehashInner(updated, shiftedFrom);
    const top = this.#levels[this.#levels.length - 1]!;
    this.#root = top.length === 0 ? EMPTY_MERKLE_ROOT : top[0]!;
    return this.#root;
  }

  /** Applies insertions and deletions to the sorted keys and leaf level; returns the leftmost changed position. */
  #restructure(inserted: string[], deleted: ReadonlySet<string>): number {
    inserted.sort(compareKeys);
    if (inserted.length + deleted.size <= SPLICE_LIMIT) return this.#splice(inserted, deleted);
    return this.#merge(inserted, deleted);
  }

  /** Few changes: in-place splices (native memmove) beat a merge that walks every key in JS. */
  #splice(inserted: readonly string[], deleted: ReadonlySet<string>): number {
    const keys = this.#sortedKeys;
    const leaves = this.#levels[0]!;
    let firstChange = Number.POSITIVE_INFINITY;
    for (const key of deleted) {
      const index = findKey(keys, key);
      keys.splice(index, 1);
      leaves.splice(index, 1);
      firstChange = Math.min(firstChange, index);
    }
    for (const key of inserted) {
      const index = insertionPoint(keys, key);
      keys.splice(index, 0, key);
      leaves.splice(index, 0, this.#leafHash(key, this.#values.get(key)!));
      firstChange = Math.min(firstChange, index);
    }
    return firstChange;
  }

  #merge(inserted: readonly string[], deleted: ReadonlySet<string>): number {
    const oldKeys = this.#sortedKeys;
    const oldLeaves = this.#levels[0]!;
    const keys: string[] = [];
    const leaves: Uint8Array[] = [];
    let firstChange = Number.POSITIVE_INFINITY;
    let i = 0;
    let j = 0;
    while (i < oldKeys.length || j < inserted.length) {
      if (j < inserted.length && (i >= oldKeys.length || inserted[j]! < oldKeys[i]!)) {
        const key = inserted[j++]!;
        if (firstChange === Number.POSITIVE_INFINITY) firstChange = keys.length;
        keys.push(key);
        leaves.push(this.#leafHash(key, this.#values.get(key)!));
      } else {
        const key = oldKeys[i]!;
        if (deleted.has(key)) {
          if (firstChange === Number.POSITIVE_INFINITY) firstChange = keys.length;
        } else {
          keys.push(key);
          leaves.push(oldLeaves[i]!);
        }
        i++;
      }
    }
    this.#sortedKeys = keys;
    this.#levels[0] = leaves;
    return firstChange;
  }

  /** Recomputes the parents of `updated` leaves and every node at or right of `shiftedFrom`'s ancestors. */
  #rehashInner(updated: readonly number[], shiftedFrom: number): void {
    let dirty = new Set<number>();
    for (const index of updated) if (index < shiftedFrom) dirty.add(index);
    let from = shiftedFrom;
    let level = 1;
    for (; this.#levels[level - 1]!.length > 1; level++) {
      const below = this.#levels[level - 1]!;
      const width = (below.length + 1) >> 1;
      const nodes = this.#levels[level] ?? [];
      from = from === Number.POSITIVE_INFINITY ? from : from >> 1;
      const parents = new Set<number>();
      for (const index of dirty) {
        const parent = index >> 1;
        if (parent < from) parents.add(parent);
      }
      for (const parent of parents) nodes[parent] = this.#node(below, parent);
      for (let parent = Math.min(from, width); parent < width; parent++) nodes[parent] = this.#node(below, parent);
      nodes.length = width;
      this.#levels[level] = nodes;
      dirty = parents;
    }
    this.#levels.length = level;
  }

  #node(below: readonly Uint8Array[], parent: number): Uint8Array {
    const left = below[2 * parent]!;
    const right = below[2 * parent + 1];
    if (right === undefined) return left;
    this.#scratch[0] = 1;
    this.#scratch.set(left, 1);
    this.#scratch.set(right, 33);
    return keccak256(this.#scratch);
  }

  #leafHash(key: string, value: Uint8Array): Uint8Array {
    const prefix = compactLengthSize(key.length);
    const data = new Uint8Array(1 + prefix + key.length + value.length);
    writeCompactLength(data, 1, key.length);
    data.set(Buffer.from(key, 'latin1'), 1 + prefix);
    data.set(value, 1 + prefix + key.length);
    return keccak256(data);
  }
}

/** The leaf data `compact(key length) ‖ key ‖ value` the root commits to (for proofs and checks). */
export function kvStateLeaf(key: Uint8Array, value: Uint8Array): Uint8Array {
  const prefix = compactLengthSize(key.length);
  const data = new Uint8Array(prefix + key.length + value.length);
  writeCompactLength(data, 0, key.length);
  data.set(key, prefix);
  data.set(value, prefix + key.length);
  return data;
}

/** Up to this many insertions + deletions per root, splice instead of merging. */
const SPLICE_LIMIT = 32;

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** First index whose key is greater than `key` (which is absent). */
function insertionPoint(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function findKey(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = sorted[mid]!;
    if (k === key) return mid;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
