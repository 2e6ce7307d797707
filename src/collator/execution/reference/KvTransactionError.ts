export type KvTransactionErrorCode =
  /** The bytes end before the structure does. */
  | 'TRUNCATED'
  /** Bytes remain after the signature. */
  | 'TRAILING_BYTES'
  /** First byte is not a known format version. */
  | 'UNKNOWN_VERSION'
  /** An operation tag other than set (0) / delete (1). */
  | 'UNKNOWN_OPERATION'
  /** A compact length not in its shortest form (one transaction, one encoding). */
  | 'NON_CANONICAL'
  /** A size limit of `KV_TRANSACTION_LIMITS` is exceeded, or a key is empty. */
  | 'LIMIT_EXCEEDED'
  /** Encoding only: a field out of its range (para id not u32, nonce not u64, wrong key/signature size). */
  | 'INVALID_FIELD';

/** Malformed reference-chain transaction bytes (decode) or fields (encode/sign). */
export class KvTransactionError extends Error {
  override readonly name = 'KvTransactionError';
  constructor(
    readonly code: KvTransactionErrorCode,
    message: string,
    /** Byte offset where decoding failed, when decoding. */
    readonly offset?: number,
  ) {
    super(message);
  }
}
