/**
 * A transaction of the reference key-value app chain (see `encodeKvTransaction.ts` for the
 * wire format). The signer is an ed25519 public key; `nonce` must equal the signer's next
 * nonce on the chain; `operations` are applied in order (a later one on the same key wins).
 */
export interface KvTransaction {
  /** The para this transaction is for; covered by the signature, checked by the chain. */
  readonly paraId: number;
  /** 32-byte raw ed25519 public key. */
  readonly signer: Uint8Array;
  /** u64: the signer's transaction count on this chain before this one. */
  readonly nonce: bigint;
  readonly operations: readonly KvOperation[];
  /** 64-byte ed25519 signature over `kvSigningMessage(body)`. */
  readonly signature: Uint8Array;
}

/** A transaction before it is signed. */
export type UnsignedKvTransaction = Omit<KvTransaction, 'signature'>;

export type KvOperation =
  | { readonly type: 'set'; readonly key: Uint8Array; readonly value: Uint8Array }
  | { readonly type: 'delete'; readonly key: Uint8Array };

/** Bounds every encoded transaction respects; the decoder enforces them before trusting lengths. */
export const KV_TRANSACTION_LIMITS = {
  /** Whole encoded transaction, signature included. */
  maxBytes: 65_536,
  maxOperations: 64,
  /** Keys are 1..=maxKeyBytes bytes. */
  maxKeyBytes: 128,
  maxValueBytes: 16_384,
} as const;

/** Current (and only) format version, the first byte of every encoded transaction. */
export const KV_TRANSACTION_VERSION = 1;

export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

/** Operation tags on the wire. */
export const KV_OP_SET = 0;
export const KV_OP_DELETE = 1;
