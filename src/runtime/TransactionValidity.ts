/** `sp_runtime::transaction_validity::InvalidTransaction` variants. */
export type InvalidTransactionReason =
  | 'Call' | 'Payment' | 'Future' | 'Stale' | 'BadProof' | 'AncientBirthBlock' | 'ExhaustsResources'
  | 'Custom' | 'BadMandatory' | 'MandatoryValidation' | 'BadSigner';

export type UnknownTransactionReason = 'CannotLookup' | 'NoUnsignedValidator' | 'Custom';

export interface ValidTransactionValue {
  readonly priority: bigint;
  readonly requires: Uint8Array[];
  readonly provides: Uint8Array[];
  readonly longevity: bigint;
  readonly propagate: boolean;
  /** The signer, for per-account pool limits (not part of the runtime API's answer). */
  readonly sender: Uint8Array;
}

/**
 * The runtime's verdict on a transaction (`TransactionValidity`). `detail` carries the
 * human-readable reason the RPC error's data shows; `custom` is the code of
 * `InvalidTransaction::Custom` (Spindle's sequencer errors, see SEQUENCER_CUSTOM_BASE).
 */
export type TransactionValidity =
  | { readonly kind: 'valid'; readonly value: ValidTransactionValue }
  | { readonly kind: 'invalid'; readonly reason: InvalidTransactionReason; readonly custom?: number; readonly detail: string }
  | { readonly kind: 'unknown'; readonly reason: UnknownTransactionReason; readonly detail: string };

/** `InvalidTransaction::Custom(SEQUENCER_CUSTOM_BASE + error index)` reports a sequencer error. */
export const SEQUENCER_CUSTOM_BASE = 100;
