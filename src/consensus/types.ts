/**
 * The messages the consensus core reasons about. Signatures are not here: the host verifies
 * them before a message becomes an input, and keeps them to build justifications.
 */

/** Opaque id of a proposed value: the hex block hash. The core never looks inside. */
export type ValueId = string;

/** A validator of one height; `id` is its hex public key, `power` its voting power (> 0). */
export interface Validator {
  readonly id: string;
  readonly power: bigint;
}

export type VoteType = 'prevote' | 'precommit';

/** A signed vote as received (own votes included, fed back by the host). `null` votes for nil. */
export interface Vote {
  readonly type: VoteType;
  readonly height: bigint;
  readonly round: number;
  readonly value: ValueId | null;
  readonly from: string;
}

/** A signed proposal as received; `validRound` is -1 or the round of the proposer's POL (< round). */
export interface Proposal {
  readonly height: bigint;
  readonly round: number;
  readonly value: ValueId;
  readonly validRound: number;
  readonly from: string;
}

export type TimeoutKind = 'propose' | 'prevote' | 'precommit';

/** `idle` before the first StartHeight, `decided` after Decide until the next StartHeight. */
export type Step = 'idle' | 'propose' | 'prevote' | 'precommit' | 'decided';
