export type TrieCodecErrorCode = 'BAD_NODE' | 'KEY_TOO_LONG';

/** A trie node that cannot be decoded, or a key too long for the node header (more than 65535 nibbles). */
export class TrieCodecError extends Error {
  override readonly name = 'TrieCodecError';

  constructor(
    readonly code: TrieCodecErrorCode,
    message: string,
  ) {
    super(message);
  }
}
