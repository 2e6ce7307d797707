import { u8aToHex } from '@polkadot/util';

/** A node (or hashed value) the trie needs is absent from its NodeSource. */
export class TrieNodeMissingError extends Error {
  override readonly name = 'TrieNodeMissingError';
  readonly code = 'NODE_MISSING' as const;

  constructor(readonly hash: Uint8Array) {
    super(`trie node ${u8aToHex(hash)} is missing from the node source`);
  }
}
