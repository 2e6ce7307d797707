/** The consensus core's public API, for the host (`src/node`) and the simulator. */
export { step } from './step.ts';
export type { StepResult } from './step.ts';
export { initialConsensusState } from './ConsensusState.ts';
export type { ConsensusState, HeightConsensusState, IdleConsensusState } from './ConsensusState.ts';
export type { ConsensusInput, StartHeightInput, ProposeValueInput, ProposalInput, VoteInput, TimeoutInput } from './ConsensusInput.ts';
export type { ConsensusEffect, ConsensusEffectTag } from './ConsensusEffect.ts';
export { DEFAULT_CONSENSUS_PARAMS, timeoutDuration, checkConsensusParams } from './ConsensusParams.ts';
export type { ConsensusParams, TimeoutParams } from './ConsensusParams.ts';
export { ConsensusError } from './ConsensusError.ts';
export type { ConsensusErrorCode, ConsensusErrorType } from './ConsensusError.ts';
export { proposer, proposerSchedule } from './proposer.ts';
export { ValidatorSet } from './ValidatorSet.ts';
export { VoteKeeper } from './VoteKeeper.ts';
export type { AddVoteResult, VoteRejection } from './VoteKeeper.ts';
export { ProposalKeeper } from './ProposalKeeper.ts';
export type { AddProposalResult, StoredProposal } from './ProposalKeeper.ts';
export type { Proposal, Step, TimeoutKind, Validator, ValueId, Vote, VoteType } from './types.ts';
