import type { AnchorCommitment } from './commitmentDigest.ts';
import type { AnchorSignature } from './signCommitment.ts';
import type { AnchorValidatorSet } from './validatorSetHash.ts';

/** A commitment with signatures holding more than 2/3 of its set's weight, sorted by signer address. */
export interface SignedAnchorCommitment {
  readonly commitment: AnchorCommitment;
  readonly signatures: readonly AnchorSignature[];
}

/** A relay block as the lag metrics see it. */
export interface RelayHead {
  readonly number: bigint;
  /** The block's `timestamp.now`, in ms, when known. */
  readonly timestampMs?: bigint;
}

/**
 * What {@link AnchorSubmitter} reads from the relay side; declared here by its user. The node
 * implements it over its finalized chain and the validators' gathered signatures.
 */
export interface SignedCommitmentSource {
  /**
   * Contiguous signed commitments starting exactly at relay block `fromBlock`, each with
   * signatures already holding > 2/3 of its set's weight, sorted as the contract wants;
   * at most `max`. May be empty.
   */
  readyFrom(fromBlock: bigint, max: number): Promise<readonly SignedAnchorCommitment[]>;
  /** The full validator set with id `setId` (for `rotate` after a handover commitment was anchored). */
  validatorSet(setId: bigint): Promise<AnchorValidatorSet | undefined>;
  /** Optional, for the lag metrics: the latest finalized relay block. */
  finalizedHead?(): Promise<RelayHead | undefined>;
  /** Optional, for the lag in seconds: `timestamp.now` (ms) of relay block `number`. */
  blockTimestampMs?(number: bigint): Promise<bigint | undefined>;
}
