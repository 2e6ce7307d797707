/** Which Substrate trie layout: 0 = `LayoutV0` (values always inline), 1 = `LayoutV1` (values of 33 bytes or more stored as a separate node, referenced by hash). */
export type StateVersion = 0 | 1;

/**
 * Content-addressed storage of trie nodes: `getNode(blake2_256(x))` returns `x`, where `x` is an
 * encoded trie node or (state version 1) a value stored outside its node.
 */
export interface NodeSource {
  /** The trie keeps the returned array and reads it later: return bytes nobody mutates afterwards. */
  getNode(hash: Uint8Array): Uint8Array | undefined;
}
