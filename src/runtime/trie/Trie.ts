import { blake2_256 } from './blake2_256.ts';
import { MemNode, memNodeFromEncoding, type MemValue, type Slot } from './memNode.ts';
import { EMPTY_NODE, encodeNode, HASH_LENGTH, isHashedValueLength, type NodeValue } from './nodeCodec.ts';
import {
  bytesEqual,
  bytesToNibbles,
  commonPrefixLength,
  joinNibbles,
  nibblesToBytes,
  startsWithAt,
} from './nibbles.ts';
import { TrieCodecError } from './TrieCodecError.ts';
import { TrieNodeMissingError } from './TrieNodeMissingError.ts';
import type { NodeSource, StateVersion } from './types.ts';

const EMPTY_ROOT = blake2_256(EMPTY_NODE);

/** Longest key whose nibbles fit a node header (65535 nibbles). */
const MAX_KEY_LENGTH = 32767;

/** Same stored form and bytes: writing it again changes no node. */
function sameValue(a: MemValue | undefined, b: MemValue): boolean {
  if (a === undefined || a.kind !== b.kind) return false;
  return a.kind === 'inline' ? bytesEqual(a.data, (b as typeof a).data) : bytesEqual(a.hash, (b as typeof a).hash);
}

/** Result of a removal below a node: the node that replaces it, or `null` when nothing changed. */
type Removal = { readonly node: MemNode | undefined } | null;

/**
 * A mutable view of one Substrate trie (`sp_trie` with `LayoutV0`/`LayoutV1`, blake2-256).
 *
 * Nodes are loaded from the NodeSource on first use and changed in memory; `commit()` rehashes
 * only the changed paths and hands back the new nodes, which the caller stores. The source is
 * never written, so every older root stays readable from it.
 *
 * Values set through this view follow `version` (state version 1 stores values of 33 bytes or
 * more as separate nodes); values already in the trie keep their form until rewritten, as in
 * Substrate. Byte arrays returned by `get`/`entries` must not be mutated. Do not write to the
 * trie while iterating `entries()`.
 *
 * @example
 * const source = new MemoryNodeSource();
 * const trie = new Trie(source, null, 1);
 * trie.set(key, value);
 * const { root, nodes } = trie.commit();
 * source.putAll(nodes);
 * new Trie(source, root, 1).get(key); // value
 */
export class Trie {
  readonly #source: NodeSource;
  readonly version: StateVersion;
  #root: Slot | undefined;

  constructor(source: NodeSource, root: Uint8Array | null, version: StateVersion) {
    this.#source = source;
    this.version = version;
    this.#root = root === null || bytesEqual(root, EMPTY_ROOT) ? undefined : root.slice();
  }

  get(key: Uint8Array): Uint8Array | undefined {
    const nibbles = bytesToNibbles(key);
    let node = this.#loadRoot();
    let depth = 0;
    while (node !== undefined) {
      if (!startsWithAt(nibbles, depth, node.partial)) return undefined;
      depth += node.partial.length;
      if (depth === nibbles.length) return node.value === undefined ? undefined : this.#valueData(node.value);
      if (node.children === undefined) return undefined;
      node = this.#loadChild(node, nibbles[depth]!);
      depth++;
    }
    return undefined;
  }

  set(key: Uint8Array, value: Uint8Array): void {
    if (key.length > MAX_KEY_LENGTH) {
      throw new TrieCodecError('KEY_TOO_LONG', `key of ${key.length} bytes exceeds ${MAX_KEY_LENGTH}`);
    }
    const data = value.slice();
    const memValue: MemValue = isHashedValueLength(data.length, this.version)
      ? { kind: 'hashed', hash: blake2_256(data), data, stored: false }
      : { kind: 'inline', data };
    const root = this.#insert(this.#loadRoot(), bytesToNibbles(key), 0, memValue);
    if (root !== null) this.#root = root;
  }

  delete(key: Uint8Array): void {
    const root = this.#loadRoot();
    if (root === undefined) return;
    const removal = this.#remove(root, bytesToNibbles(key), 0);
    if (removal !== null) this.#root = removal.node;
  }

  /** Removes the keys starting with `prefix`, in key order, at most `limit` of them; returns how many. */
  deletePrefix(prefix: Uint8Array, limit?: number): number {
    const keys = this.keys(prefix, undefined, limit);
    for (const key of keys) this.delete(key);
    return keys.length;
  }

  /**
   * Recomputes the hashes of changed paths; returns the root and every node (and hashed value)
   * created since the last commit, keyed by hash. An empty trie commits to the empty root
   * with no nodes.
   */
  commit(): { root: Uint8Array; nodes: Array<[Uint8Array, Uint8Array]> } {
    const root = this.#root;
    if (root === undefined) return { root: EMPTY_ROOT.slice(), nodes: [] };
    if (root instanceof Uint8Array) return { root: root.slice(), nodes: [] };
    const nodes: Array<[Uint8Array, Uint8Array]> = [];
    const hash = this.#rootHash(root);
    this.#collect(root, nodes, true);
    return { root: hash.slice(), nodes };
  }

  /** The current root, without marking anything committed. */
  root(): Uint8Array {
    const root = this.#root;
    if (root === undefined) return EMPTY_ROOT.slice();
    if (root instanceof Uint8Array) return root.slice();
    return this.#rootHash(root).slice();
  }

  /** Keys starting with `prefix`, in byte order, strictly after `startAfter` if given, at most `limit`. */
  keys(prefix: Uint8Array, startAfter?: Uint8Array, limit?: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    if (limit !== undefined && limit <= 0) return out;
    for (const [key] of this.#iterate(prefix, startAfter)) {
      out.push(key);
      if (out.length === limit) break;
    }
    return out;
  }

  /** `[key, value]` pairs whose key starts with `prefix`, in byte order, loaded lazily. */
  *entries(prefix: Uint8Array): Iterable<[Uint8Array, Uint8Array]> {
    for (const [key, node] of this.#iterate(prefix, undefined)) {
      yield [key, this.#valueData(node.value!)];
    }
  }

  /**
   * Merkle value of the closest node whose key starts with `prefix` (the JSON-RPC
   * `closestDescendantMerkleValue`): its hash, or its encoding when under 32 bytes; the root
   * node's merkle value is always its hash. `undefined` when no key starts with `prefix`.
   */
  closestDescendantMerkleValue(prefix: Uint8Array): Uint8Array | undefined {
    const nibbles = bytesToNibbles(prefix);
    let node = this.#loadRoot();
    let depth = 0;
    let isRoot = true;
    while (node !== undefined) {
      const partial = node.partial;
      const remaining = nibbles.length - depth;
      if (remaining <= partial.length) {
        if (commonPrefixLength(partial, 0, nibbles, depth) !== remaining) return undefined;
        return (isRoot ? this.#rootHash(node) : this.#merkleValue(node)).slice();
      }
      if (!startsWithAt(nibbles, depth, partial)) return undefined;
      depth += partial.length;
      if (node.children === undefined) return undefined;
      node = this.#loadChild(node, nibbles[depth]!);
      depth++;
      isRoot = false;
    }
    return undefined;
  }

  // ---- loading ----

  #load(hash: Uint8Array): MemNode {
    const encoded = this.#source.getNode(hash);
    if (encoded === undefined) throw new TrieNodeMissingError(hash);
    const node = memNodeFromEncoding(encoded);
    node.encoded = encoded;
    node.hash = hash;
    node.clean = true;
    node.stored = true;
    return node;
  }

  #loadRoot(): MemNode | undefined {
    const root = this.#root;
    if (root instanceof Uint8Array) return (this.#root = this.#load(root));
    return root;
  }

  #loadChild(node: MemNode, index: number): MemNode | undefined {
    const slot = node.children?.[index];
    if (slot instanceof Uint8Array) return (node.children![index] = this.#load(slot));
    return slot;
  }

  #valueData(value: MemValue): Uint8Array {
    if (value.kind === 'inline') return value.data;
    if (value.data === undefined) {
      const data = this.#source.getNode(value.hash);
      if (data === undefined) throw new TrieNodeMissingError(value.hash);
      value.data = data;
    }
    return value.data;
  }

  // ---- writing ----

  /** Returns the node that replaces `node`, or `null` when the key already held this value. */
  #insert(node: MemNode | undefined, key: Uint8Array, depth: number, value: MemValue): MemNode | null {
    if (node === undefined) return new MemNode(key.subarray(depth), value, undefined);
    const partial = node.partial;
    const common = commonPrefixLength(partial, 0, key, depth);
    const end = depth + common;
    if (common === partial.length) {
      if (end === key.length) {
        if (sameValue(node.value, value)) return null;
        node.value = value;
      } else {
        const index = key[end]!;
        const child = this.#loadChild(node, index);
        const replaced = this.#insert(child, key, end + 1, value);
        if (replaced === null) return null;
        node.children ??= new Array<Slot | undefined>(16).fill(undefined);
        node.children[index] = replaced;
      }
      node.touch();
      return node;
    }
    // The key leaves this node's partial key early: split it under a new branch.
    const branch = new MemNode(partial.subarray(0, common), undefined, new Array<Slot | undefined>(16).fill(undefined));
    branch.children![partial[common]!] = node;
    node.partial = partial.subarray(common + 1);
    node.touch();
    if (end === key.length) branch.value = value;
    else branch.children![key[end]!] = new MemNode(key.subarray(end + 1), value, undefined);
    return branch;
  }

  #remove(node: MemNode, key: Uint8Array, depth: number): Removal {
    if (!startsWithAt(key, depth, node.partial)) return null;
    const end = depth + node.partial.length;
    if (end === key.length) {
      if (node.value === undefined) return null;
      node.value = undefined;
      node.touch();
      return { node: this.#normalize(node) };
    }
    const index = key[end]!;
    const child = this.#loadChild(node, index);
    if (child === undefined) return null;
    const removal = this.#remove(child, key, end + 1);
    if (removal === null) return null;
    node.children![index] = removal.node;
    node.touch();
    return { node: this.#normalize(node) };
  }

  /** Restores the invariants after a removal: no childless node without a value, no branch with one child and no value. */
  #normalize(node: MemNode): MemNode | undefined {
    let count = 0;
    let only = -1;
    if (node.children !== undefined) {
      for (let i = 0; i < 16; i++) {
        if (node.children[i] !== undefined) {
          count++;
          only = i;
        }
      }
      if (count === 0) node.children = undefined;
    }
    if (node.value !== undefined || count > 1) return node;
    if (count === 0) return undefined;
    const child = this.#loadChild(node, only)!;
    child.partial = joinNibbles(node.partial, only, child.partial);
    child.touch();
    return child;
  }

  // ---- hashing ----

  #encode(node: MemNode): Uint8Array {
    if (node.encoded !== undefined) return node.encoded;
    let children: Array<Uint8Array | undefined> | undefined;
    if (node.children !== undefined) {
      children = node.children.map((slot) =>
        slot === undefined || slot instanceof Uint8Array ? slot : this.#merkleValue(slot),
      );
    }
    let value: NodeValue | undefined;
    if (node.value?.kind === 'inline') value = node.value;
    else if (node.value?.kind === 'hashed') value = { kind: 'hashed', hash: node.value.hash };
    return (node.encoded = encodeNode(node.partial, value, children));
  }

  #merkleValue(node: MemNode): Uint8Array {
    const encoded = this.#encode(node);
    if (encoded.length < HASH_LENGTH) return encoded;
    return (node.hash ??= blake2_256(encoded));
  }

  #rootHash(node: MemNode): Uint8Array {
    return (node.hash ??= blake2_256(this.#encode(node)));
  }

  /** Hands out the nodes changed since the last commit; `#rootHash` has encoded them all. */
  #collect(node: MemNode, out: Array<[Uint8Array, Uint8Array]>, isRoot: boolean): void {
    if (!node.clean) {
      if (node.children !== undefined) {
        for (const slot of node.children) {
          if (slot instanceof MemNode) this.#collect(slot, out, false);
        }
      }
      const value = node.value;
      if (value?.kind === 'hashed' && !value.stored) {
        out.push([value.hash, value.data!]);
        value.stored = true;
      }
      node.clean = true;
    }
    const encoded = node.encoded!;
    if (!node.stored && (isRoot || encoded.length >= HASH_LENGTH)) {
      out.push([(node.hash ??= blake2_256(encoded)), encoded]);
      node.stored = true;
    }
  }

  // ---- iteration ----

  *#iterate(prefix: Uint8Array, startAfter: Uint8Array | undefined): Generator<[Uint8Array, MemNode]> {
    const root = this.#loadRoot();
    if (root === undefined) return;
    const after = startAfter === undefined ? undefined : bytesToNibbles(startAfter);
    yield* this.#walk(root, [], bytesToNibbles(prefix), after, after === undefined);
  }

  /**
   * Depth-first walk in key order below `node`, whose key so far is `path` (a shared stack).
   * `greater` is true once `path` sorts after `after`; until then `path` equals `after`'s start
   * and subtrees sorting before it are skipped without loading.
   */
  *#walk(
    node: MemNode,
    path: number[],
    prefix: Uint8Array,
    after: Uint8Array | undefined,
    greater: boolean,
  ): Generator<[Uint8Array, MemNode]> {
    const start = path.length;
    for (const n of node.partial) path.push(n);
    try {
      const length = path.length;
      const checked = Math.min(length, prefix.length);
      for (let j = start; j < checked; j++) if (path[j] !== prefix[j]) return;
      if (!greater) {
        for (let j = start; j < length; j++) {
          if (j >= after!.length || path[j]! > after![j]!) {
            greater = true;
            break;
          }
          if (path[j]! < after![j]!) return;
        }
      }
      if (node.value !== undefined && greater && length >= prefix.length && length % 2 === 0) {
        yield [nibblesToBytes(path), node];
      }
      if (node.children === undefined) return;
      for (let i = 0; i < 16; i++) {
        if (node.children[i] === undefined) continue;
        if (length < prefix.length && i !== prefix[length]) continue;
        let childGreater = greater;
        if (!greater) {
          if (length >= after!.length || i > after![length]!) childGreater = true;
          else if (i < after![length]!) continue;
        }
        const child = this.#loadChild(node, i)!;
        path.push(i);
        yield* this.#walk(child, path, prefix, after, childGreater);
        path.pop();
      }
    } finally {
      path.length = start;
    }
  }
}
