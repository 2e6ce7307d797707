import type { ConsensusParams } from './ConsensusParams.ts';
import type { Proposal, TimeoutKind, Validator, ValueId, Vote } from './types.ts';

/** Begin consensus on `height` with a fixed validator set; resets all per-height state. */
export interface StartHeightInput {
  readonly tag: 'StartHeight';
  readonly height: bigint;
  readonly validators: readonly Validator[];
  /** This node's validator id; `undefined` (or an id outside the set) makes it a follower. */
  readonly ownId?: string | undefined;
  /** Replaces the params for this height onwards; omitted: keep the current ones. */
  readonly params?: ConsensusParams | undefined;
}

/** The host's answer to `RequestValue`: the id of the block it built for (height, round). */
export interface ProposeValueInput {
  readonly tag: 'ProposeValue';
  readonly height: bigint;
  readonly round: number;
  readonly value: ValueId;
}

/** A proposal whose signature the host checked, with the host's verdict on the block (`valid(v)`). */
export interface ProposalInput {
  readonly tag: 'Proposal';
  readonly proposal: Proposal;
  readonly valid: boolean;
}

/** A vote whose signature the host checked; own votes come back this way too. */
export interface VoteInput {
  readonly tag: 'Vote';
  readonly vote: Vote;
}

/** A timeout the core scheduled has expired. */
export interface TimeoutInput {
  readonly tag: 'Timeout';
  readonly kind: TimeoutKind;
  readonly height: bigint;
  readonly round: number;
}

/** Everything that can happen to the consensus core: a closed union, discriminated by `tag`. */
export type ConsensusInput = StartHeightInput | ProposeValueInput | ProposalInput | VoteInput | TimeoutInput;
