export type TrieProofErrorCode = 'INCOMPLETE_PROOF' | 'BAD_NODE' | 'ROOT_MISMATCH';

/**
 * A read proof that does not prove anything about the key:
 * - `ROOT_MISMATCH`: no node of the proof hashes to the expected root;
 * - `INCOMPLETE_PROOF`: a node (or hashed value) on the key's path is absent from the proof;
 * - `BAD_NODE`: a node on the key's path does not decode.
 */
export class TrieProofError extends Error {
  override readonly name = 'TrieProofError';

  constructor(
    readonly code: TrieProofErrorCode,
    message: string,
    /** The hash of the missing or undecodable node, when there is one. */
    readonly hash: Uint8Array | undefined = undefined,
  ) {
    super(message);
  }
}
