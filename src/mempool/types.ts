/**
 * Shared types of the transaction pool. The pool never decodes transactions: it is handed a
 * {@link Validator} that answers like Substrate's `TaggedTransactionQueue_validate_transaction`.
 */

/** Where a transaction came from (Substrate's `TransactionSource`). */
export type TxSource = 'external' | 'local' | 'inBlock';

/** A block the pool validates against or learns about. */
export interface BlockRef {
  hash: Uint8Array;
  number: bigint;
}

/** What the runtime says about a valid transaction (Substrate's `ValidTransaction`). */
export interface ValidTransaction {
  /** Higher goes first among transactions whose dependencies are met. */
  priority: bigint;
  /** Tags that other transactions (or the chain) must provide before this one. */
  requires: Uint8Array[];
  /** Tags this transaction provides; two transactions providing one tag conflict. */
  provides: Uint8Array[];
  /** Blocks the validity holds for, counted from the block it was validated at. */
  longevity: bigint;
  /** Whether the transaction may be gossiped to peers. */
  propagate: boolean;
  /** Account (hex) the transaction is charged to, for per-account limits. */
  sender?: string;
}

/** Substrate's `InvalidTransaction` variants, plus Spindle's own. */
export type InvalidReason =
  | 'Call'
  | 'Payment'
  | 'Future'
  | 'Stale'
  | 'BadProof'
  | 'AncientBirthBlock'
  | 'ExhaustsResources'
  | 'Custom'
  | 'BadMandatory'
  | 'MandatoryValidation'
  | 'BadSigner'
  | 'UnknownPara'
  | 'PayloadTooLarge'
  | 'Malformed';

/** Substrate's `UnknownTransaction` variants. */
export type UnknownReason = 'CannotLookup' | 'NoUnsignedValidator' | 'Custom';

/**
 * The validator's answer. For `reason: 'Custom'` put the runtime's `u8` code (as decimal text)
 * in `detail`: it becomes `Custom error: <detail>` / `Custom(<detail>)` on the wire.
 */
export type Validity =
  | { kind: 'valid'; value: ValidTransaction }
  | { kind: 'invalid'; reason: InvalidReason; detail?: string }
  | { kind: 'unknown'; reason: UnknownReason; detail?: string };

/** Validates one transaction against the state at block `at`. */
export type Validator = (
  tx: Uint8Array,
  source: TxSource,
  at: BlockRef,
) => Validity | Promise<Validity>;

/**
 * A watched transaction's statuses, mirroring `author_submitAndWatchExtrinsic`.
 * Final ones: `finalized`, `usurped`, `dropped`, `invalid`.
 */
export type TxStatus =
  | { kind: 'future' }
  | { kind: 'ready' }
  | { kind: 'broadcast'; peers: string[] }
  | { kind: 'inBlock'; blockHash: Uint8Array }
  | { kind: 'retracted'; blockHash: Uint8Array }
  | { kind: 'finalized'; blockHash: Uint8Array }
  | { kind: 'usurped'; by: Uint8Array }
  | { kind: 'dropped' }
  | { kind: 'invalid' };

/** True for the statuses after which a watcher receives nothing more. */
export function isFinalStatus(status: TxStatus): boolean {
  return (
    status.kind === 'finalized' ||
    status.kind === 'usurped' ||
    status.kind === 'dropped' ||
    status.kind === 'invalid'
  );
}
