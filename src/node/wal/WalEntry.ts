/** The records of the consensus write-ahead log. Heights are chain values (bigint, u64). */

export type OwnVoteStep = 'prevote' | 'precommit';

/** An opaque encoded consensus input (peer message, internal message, timeout), written before it is handled. */
export interface InputEntry {
  readonly kind: 'input';
  readonly height: bigint;
  readonly data: Uint8Array;
}

/** The node's own signed vote (`blockHash` null = nil), durable before it is broadcast. */
export interface OwnVoteEntry {
  readonly kind: 'ownVote';
  readonly height: bigint;
  /** u32 */
  readonly round: number;
  readonly step: OwnVoteStep;
  readonly blockHash: Uint8Array | null;
  readonly signed: Uint8Array;
}

/** The node's own signed proposal, durable before it is broadcast. */
export interface OwnProposalEntry {
  readonly kind: 'ownProposal';
  readonly height: bigint;
  /** u32 */
  readonly round: number;
  readonly blockHash: Uint8Array;
  readonly signed: Uint8Array;
}

/** The height was decided and its block committed. */
export interface EndHeightEntry {
  readonly kind: 'endHeight';
  readonly height: bigint;
}

export type WalEntry = InputEntry | OwnVoteEntry | OwnProposalEntry | EndHeightEntry;

/** What the double-sign guard protects: one signature per (height, round, step). */
export type OwnSignedEntry = OwnVoteEntry | OwnProposalEntry;

/** An own vote as given to `recordOwnVote` (the entry without its `kind`). */
export type OwnVote = Omit<OwnVoteEntry, 'kind'>;

/** An own proposal as given to `recordOwnProposal` (the entry without its `kind`). */
export type OwnProposal = Omit<OwnProposalEntry, 'kind'>;
