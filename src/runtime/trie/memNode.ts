import { decodeNode, HASH_LENGTH } from './nodeCodec.ts';
import { TrieCodecError } from './TrieCodecError.ts';

/**
 * A value held by an in-memory node. A hashed value keeps its hash (what the node encodes) and,
 * once read or when newly set, its bytes.
 */
export type MemValue =
  | { readonly kind: 'inline'; readonly data: Uint8Array }
  | { readonly kind: 'hashed'; readonly hash: Uint8Array; data: Uint8Array | undefined; stored: boolean };

/** A child slot: a node in memory, or the hash of a node not loaded yet. */
export type Slot = MemNode | Uint8Array;

/**
 * One trie node in memory, used by `Trie`. Nodes are changed in place along the path of each
 * write, and `touch()` drops what was cached about the old encoding; the NodeSource is never
 * written, so the encodings older roots point to stay intact.
 */
export class MemNode {
  /** Cached encoding; `undefined` after a change until the next hashing. */
  encoded: Uint8Array | undefined = undefined;
  /** Cached `blake2_256(encoded)`, computed when needed. */
  hash: Uint8Array | undefined = undefined;
  /** Unchanged since loaded or since the last commit (so is everything below it). */
  clean = false;
  /** `encoded` is known to be in the NodeSource, or was handed out by a commit. */
  stored = false;

  constructor(
    public partial: Uint8Array,
    public value: MemValue | undefined,
    /** `undefined` or 16 slots; never all empty. */
    public children: Array<Slot | undefined> | undefined,
  ) {}

  touch(): void {
    this.encoded = undefined;
    this.hash = undefined;
    this.clean = false;
    this.stored = false;
  }
}

/**
 * Builds the in-memory form of an encoded node. Children referenced by hash stay unloaded;
 * inline children are decoded at once. Throws TrieCodecError on a malformed node.
 */
export function memNodeFromEncoding(encoded: Uint8Array): MemNode {
  const decoded = decodeNode(encoded);
  if (decoded === null) throw new TrieCodecError('BAD_NODE', 'empty node inside a trie');
  let value: MemValue | undefined;
  if (decoded.value?.kind === 'inline') value = { kind: 'inline', data: decoded.value.data };
  else if (decoded.value?.kind === 'hashed') {
    value = { kind: 'hashed', hash: decoded.value.hash, data: undefined, stored: true };
  }
  let children: Array<Slot | undefined> | undefined;
  if (decoded.children !== undefined) {
    children = decoded.children.map((c) => {
      if (c === undefined || c.length === HASH_LENGTH) return c;
      const inline = memNodeFromEncoding(c);
      inline.encoded = c;
      inline.clean = true;
      return inline;
    });
  }
  return new MemNode(decoded.partial, value, children);
}
