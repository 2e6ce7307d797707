import { DEFAULT_CONSENSUS_PARAMS } from './ConsensusParams.ts';
import type { ConsensusParams } from './ConsensusParams.ts';
import type { ProposalKeeper } from './ProposalKeeper.ts';
import type { ValidatorSet } from './ValidatorSet.ts';
import type { VoteKeeper } from './VoteKeeper.ts';
import type { ValueId } from './types.ts';

/** Before the first `StartHeight`: every input but `StartHeight` is ignored. */
export interface IdleConsensusState {
  readonly step: 'idle';
  readonly params: ConsensusParams;
}

/**
 * The state of one height: the paper's variables (L2-L9) plus the message log and the
 * "for the first time" flags of the current round. Immutable: `step` returns a new object.
 */
export interface HeightConsensusState {
  readonly step: 'propose' | 'prevote' | 'precommit' | 'decided';
  readonly params: ConsensusParams;
  readonly height: bigint;
  readonly validators: ValidatorSet;
  /** This node's id when it is in the validator set; `undefined` for a follower. */
  readonly ownId: string | undefined;
  readonly round: number;
  readonly lockedValue: ValueId | null;
  readonly lockedRound: number;
  readonly validValue: ValueId | null;
  readonly validRound: number;
  /** Set by L49; the step is then `decided` until the next `StartHeight`. */
  readonly decision: { readonly round: number; readonly value: ValueId } | null;
  readonly votes: VoteKeeper;
  readonly proposals: ProposalKeeper;
  /** `proposer(validators, height, r)` for the first rounds, computed once per height. */
  readonly proposers: readonly string[];
  /** `RequestValue` was emitted this round and no `ProposeValue` accepted yet. */
  readonly awaitingValue: boolean;
  /** L34 fired this round. */
  readonly prevoteTimeoutScheduled: boolean;
  /** L47 fired this round. */
  readonly precommitTimeoutScheduled: boolean;
  /** L36 fired this round. */
  readonly polkaSeen: boolean;
}

export type ConsensusState = IdleConsensusState | HeightConsensusState;

/** The state before the first height. */
export function initialConsensusState(params: ConsensusParams = DEFAULT_CONSENSUS_PARAMS): ConsensusState {
  return { step: 'idle', params };
}
