import type { Proposal, TimeoutKind, ValueId, Vote, VoteType } from './types.ts';

/** Everything the core asks its host to do: a closed union, discriminated by `tag`. */
export type ConsensusEffect =
  /** A round began (metrics, logs); `proposer` is `proposer(validators, height, round)`. */
  | { readonly tag: 'StartedRound'; readonly height: bigint; readonly round: number; readonly proposer: string }
  /** This node proposes and has no valid value: build a block, answer with `ProposeValue`. */
  | { readonly tag: 'RequestValue'; readonly height: bigint; readonly round: number }
  /** Sign, persist, send to all, and feed back as a `Proposal` input (valid: true). */
  | { readonly tag: 'BroadcastProposal'; readonly height: bigint; readonly round: number; readonly value: ValueId; readonly validRound: number }
  /** Sign, persist (flushed) before sending, send to all, and feed back as a `Vote` input. */
  | { readonly tag: 'BroadcastVote'; readonly type: VoteType; readonly height: bigint; readonly round: number; readonly value: ValueId | null }
  /** Deliver `Timeout {kind, height, round}` after `durationMs`. */
  | { readonly tag: 'ScheduleTimeout'; readonly kind: TimeoutKind; readonly height: bigint; readonly round: number; readonly durationMs: number }
  /** `value` is decided at `height`; `precommits` (> 2/3 of the power, canonical order) are its commit certificate. */
  | { readonly tag: 'Decide'; readonly height: bigint; readonly round: number; readonly value: ValueId; readonly precommits: readonly Vote[] }
  /** Evidence: `from` signed two different votes of one (type, height, round). */
  | { readonly tag: 'Equivocation'; readonly from: string; readonly message: 'vote'; readonly first: Vote; readonly second: Vote }
  /** Evidence: `from`, the proposer of (height, round), signed two different proposals. */
  | { readonly tag: 'Equivocation'; readonly from: string; readonly message: 'proposal'; readonly first: Proposal; readonly second: Proposal };

export type ConsensusEffectTag = ConsensusEffect['tag'];
