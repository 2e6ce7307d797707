export { ConsensusWal } from './ConsensusWal.ts';
export type { ConsensusWalOptions } from './ConsensusWal.ts';
export type {
  EndHeightEntry,
  InputEntry,
  OwnProposal,
  OwnProposalEntry,
  OwnSignedEntry,
  OwnVote,
  OwnVoteEntry,
  OwnVoteStep,
  WalEntry,
} from './WalEntry.ts';
export { WalError, isWalError } from './WalError.ts';
export type { WalErrorCode, WalErrorData } from './WalError.ts';
