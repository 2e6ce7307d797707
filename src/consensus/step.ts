import { checkConsensusParams, timeoutDuration } from './ConsensusParams.ts';
import type { ConsensusEffect } from './ConsensusEffect.ts';
import { ConsensusError } from './ConsensusError.ts';
import type { ConsensusInput, ProposalInput, StartHeightInput, TimeoutInput, VoteInput } from './ConsensusInput.ts';
import type { ConsensusState, HeightConsensusState } from './ConsensusState.ts';
import { ProposalKeeper } from './ProposalKeeper.ts';
import { proposer, proposerSchedule } from './proposer.ts';
import { ValidatorSet } from './ValidatorSet.ts';
import { VoteKeeper } from './VoteKeeper.ts';
import type { TimeoutKind, ValueId, VoteType } from './types.ts';

/** The new state and what the host must do, in order. */
export interface StepResult {
  readonly state: ConsensusState;
  readonly effects: ConsensusEffect[];
}

/** How many rounds of proposers `StartHeight` precomputes; later rounds are computed on demand. */
const PROPOSER_CACHE_ROUNDS = 8;

/**
 * Tendermint (Buchman, Kwon, Milosevic 2018, "The latest gossip on BFT consensus", Algorithm 1)
 * as a pure function: no clock, randomness or I/O; `state` is never mutated.
 *
 * Contract with the host (the engine that drives this function):
 * - It verifies signatures before an input exists, answers `RequestValue` with `ProposeValue`,
 *   tells validity in `Proposal.valid`, turns `ScheduleTimeout` into a `Timeout` input later.
 * - Own messages: on `BroadcastVote`/`BroadcastProposal` the host signs, writes the message to its
 *   WAL (flushed) BEFORE sending it, sends it to the peers, AND feeds it back to `step` as a `Vote`
 *   / `Proposal` input (valid: true). The core never counts its own message until it comes back
 *   that way, so a crash between emitting and persisting can never leave a counted-but-unsent vote.
 * - Heights: inputs for another height than the current one are ignored. The core keeps nothing
 *   for future heights: the host buffers them and replays them after `StartHeight` of that height.
 *   Messages for future rounds of the current height ARE kept (bounded per validator by
 *   `params.maxFutureRoundsPerValidator`) and count for round skipping (L55).
 * - After `Decide` the core ignores everything until the host, having committed the block, gives
 *   `StartHeight` for the next height (the paper's L52-L54 increment, done by the host so it can
 *   change the validator set).
 * - Liveness needs the paper's gossip property: a message one correct node received eventually
 *   reaches every correct node. Losing messages is fine if the host re-gossips; the simulator's
 *   host (`src/testing/simulator/SimulatedHost.ts`) shows a sufficient minimum: its height to all
 *   peers; its own messages of the current, previous and POL rounds; the prevotes of the POLs it
 *   holds (its `validRound`, and the `validRound` of current proposals), other validators' too;
 *   and, to a peer at a lower height, that height's proposal and commit precommits.
 * - Network inputs never throw (malformed ones are ignored); `StartHeight` throws
 *   `ConsensusError` on a host bug (bad validator set or params, height not increasing).
 */
export function step(state: ConsensusState, input: ConsensusInput): StepResult {
  if (input.tag === 'StartHeight') return startHeight(state, input);
  if (state.step === 'idle' || state.step === 'decided') return { state, effects: [] };
  const t: Transition = { s: state, effects: [] };
  switch (input.tag) {
    case 'ProposeValue':
      // L18-L19: the value getValue() returned, for the round that asked for it.
      if (input.height !== t.s.height || input.round !== t.s.round || !t.s.awaitingValue || t.s.step !== 'propose') break;
      t.s = { ...t.s, awaitingValue: false };
      t.effects.push({ tag: 'BroadcastProposal', height: t.s.height, round: t.s.round, value: input.value, validRound: t.s.validRound });
      break;
    case 'Proposal':
      onProposal(t, input);
      break;
    case 'Vote':
      onVote(t, input);
      break;
    case 'Timeout':
      onTimeout(t, input);
      break;
  }
  applyRules(t);
  return { state: t.s, effects: t.effects };
}

/** The work area of one `step` call: a local accumulator, invisible to callers. */
interface Transition {
  s: HeightConsensusState;
  effects: ConsensusEffect[];
}

function startHeight(state: ConsensusState, input: StartHeightInput): StepResult {
  if (state.step !== 'idle' && input.height <= state.height) {
    throw new ConsensusError({ code: 'STALE_HEIGHT', height: input.height, current: state.height });
  }
  const params = input.params ?? state.params;
  checkConsensusParams(params);
  const validators = ValidatorSet.from(input.validators);
  const ownId = input.ownId !== undefined && validators.has(input.ownId) ? input.ownId : undefined;
  const max = params.maxFutureRoundsPerValidator;
  // L1-L9 (and L53: everything per height starts afresh).
  const s: HeightConsensusState = {
    step: 'propose',
    params,
    height: input.height,
    validators,
    ownId,
    round: 0,
    lockedValue: null,
    lockedRound: -1,
    validValue: null,
    validRound: -1,
    decision: null,
    votes: VoteKeeper.empty(input.height, validators, max),
    proposals: ProposalKeeper.empty(input.height, max),
    proposers: proposerSchedule(validators.validators, input.height, PROPOSER_CACHE_ROUNDS),
    awaitingValue: false,
    prevoteTimeoutScheduled: false,
    precommitTimeoutScheduled: false,
    polkaSeen: false,
  };
  const t: Transition = { s, effects: [] };
  // L10, L54: StartRound(0).
  startRound(t, 0);
  return { state: t.s, effects: t.effects };
}

function proposerOf(s: HeightConsensusState, round: number): string {
  return s.proposers[round] ?? proposer(s.validators.validators, s.height, round);
}

/** L11-L21: StartRound(round). */
function startRound(t: Transition, round: number): void {
  // L12-L13
  t.s = {
    ...t.s,
    round,
    step: 'propose',
    awaitingValue: false,
    prevoteTimeoutScheduled: false,
    precommitTimeoutScheduled: false,
    polkaSeen: false,
  };
  const { height } = t.s;
  const roundProposer = proposerOf(t.s, round);
  t.effects.push({ tag: 'StartedRound', height, round, proposer: roundProposer });
  if (t.s.ownId === roundProposer) {
    // L14
    if (t.s.validValue !== null) {
      // L15-L16, L19: re-propose the value we saw a POL for, with its round.
      t.effects.push({ tag: 'BroadcastProposal', height, round, value: t.s.validValue, validRound: t.s.validRound });
    } else {
      // L17-L18: getValue() is asynchronous; the answer comes back as ProposeValue.
      t.s = { ...t.s, awaitingValue: true };
      t.effects.push({ tag: 'RequestValue', height, round });
    }
  }
  // L20-L21. Scheduled for the proposer too (as Malachite does): if its host fails to build a
  // block in time it prevotes nil (L57) instead of waiting for others to move on.
  scheduleTimeout(t, 'propose');
}

function scheduleTimeout(t: Transition, kind: TimeoutKind): void {
  const { height, round, params } = t.s;
  t.effects.push({ tag: 'ScheduleTimeout', kind, height, round, durationMs: timeoutDuration(params, kind, round) });
}

/** Broadcast an own vote; a follower only moves its step. */
function castVote(t: Transition, type: VoteType, value: ValueId | null): void {
  if (t.s.ownId === undefined) return;
  t.effects.push({ tag: 'BroadcastVote', type, height: t.s.height, round: t.s.round, value });
}

function onProposal(t: Transition, input: ProposalInput): void {
  const p = input.proposal;
  if (p.height !== t.s.height) return;
  if (!Number.isSafeInteger(p.round) || p.round < 0) return;
  // A POL round must be -1 or an earlier round (L22: −1; L28: 0 ≤ vr < round).
  if (!Number.isSafeInteger(p.validRound) || p.validRound < -1 || p.validRound >= p.round) return;
  // "from proposer(h_p, round)" in L22, L28, L36, L49.
  if (p.from !== proposerOf(t.s, p.round)) return;
  const { votes, validators } = t.s;
  const supported = validators.isOneThird(votes.weight(p.round, 'prevote', p.value)) || validators.isOneThird(votes.weight(p.round, 'precommit', p.value));
  const { keeper, result } = t.s.proposals.add(p, input.valid, t.s.round, supported);
  t.s = { ...t.s, proposals: keeper };
  if (result.equivocationOf !== undefined) {
    t.effects.push({ tag: 'Equivocation', from: p.from, message: 'proposal', first: result.equivocationOf, second: p });
  }
}

function onVote(t: Transition, input: VoteInput): void {
  const { keeper, result } = t.s.votes.add(input.vote, t.s.round);
  t.s = { ...t.s, votes: keeper };
  if (result.status === 'equivocation' && result.isNew) {
    t.effects.push({ tag: 'Equivocation', from: input.vote.from, message: 'vote', first: result.first, second: input.vote });
  }
}

function onTimeout(t: Transition, input: TimeoutInput): void {
  if (input.height !== t.s.height || input.round !== t.s.round) return;
  switch (input.kind) {
    case 'propose':
      // L57-L60 (the paper's guard is step = propose)
      if (t.s.step !== 'propose') return;
      castVote(t, 'prevote', null);
      t.s = { ...t.s, step: 'prevote', awaitingValue: false };
      return;
    case 'prevote':
      // L61-L64
      if (t.s.step !== 'prevote') return;
      castVote(t, 'precommit', null);
      t.s = { ...t.s, step: 'precommit' };
      return;
    case 'precommit':
      // L65-L67
      startRound(t, t.s.round + 1);
      return;
  }
}

/**
 * Fires every `upon` rule whose condition holds, until none does. Each rule is guarded by the step
 * or a "for the first time" flag, and rounds only grow, so this terminates.
 */
function applyRules(t: Transition): void {
  for (;;) {
    if (t.s.step === 'decided') return;
    if (decide(t)) return;
    if (skipRound(t)) continue;
    if (prevoteOnProposal(t)) continue;
    if (lockOnPolka(t)) continue;
    if (precommitNilOnPolka(t)) continue;
    if (prevoteQuorumAny(t)) continue;
    if (precommitQuorumAny(t)) continue;
    return;
  }
}

/** L49-L54: a valid proposal of any round r with 2f+1 precommits for it in r. */
function decide(t: Transition): boolean {
  for (const [round, stored] of t.s.proposals.all()) {
    const { value } = stored.proposal;
    // L50: valid(v)
    if (!stored.valid || !t.s.votes.hasQuorum(round, 'precommit', value)) continue;
    // L51; L52-L54 are the host's next StartHeight.
    t.s = { ...t.s, step: 'decided', decision: { round, value }, awaitingValue: false };
    t.effects.push({ tag: 'Decide', height: t.s.height, round, value, precommits: t.s.votes.votesFor(round, 'precommit', value) });
    return true;
  }
  return false;
}

/** L55-L56: f+1 validators have messages in a higher round: jump to it. */
function skipRound(t: Transition): boolean {
  const round = t.s.votes.skipRound(t.s.round);
  if (round === undefined) return false;
  startRound(t, round);
  return true;
}

/**
 * L22-L27 and L28-L33: prevote on a proposal of the current round. With an equivocating proposer
 * several may be stored; the first (in arrival order) whose rule is enabled fires.
 */
function prevoteOnProposal(t: Transition): boolean {
  if (t.s.step !== 'propose') return false;
  const { lockedRound, lockedValue } = t.s;
  for (const stored of t.s.proposals.inRound(t.s.round)) {
    const { value, validRound: vr } = stored.proposal;
    let vote: ValueId | null;
    if (vr === -1) {
      // L23-L26
      vote = stored.valid && (lockedRound === -1 || lockedValue === value) ? value : null;
    } else {
      // L28: needs 2f+1 prevotes for v in vr (0 ≤ vr < round_p, checked on receipt); else wait.
      if (!t.s.votes.hasQuorum(vr, 'prevote', value)) continue;
      // L29-L32
      vote = stored.valid && (lockedRound <= vr || lockedValue === value) ? value : null;
    }
    castVote(t, 'prevote', vote);
    // L27, L33
    t.s = { ...t.s, step: 'prevote', awaitingValue: false };
    return true;
  }
  return false;
}

/** L36-L43: a valid proposal with 2f+1 prevotes for it in the current round, step ≥ prevote, once. */
function lockOnPolka(t: Transition): boolean {
  if (t.s.polkaSeen || t.s.step === 'propose') return false;
  const round = t.s.round;
  const stored = t.s.proposals.inRound(round).find((p) => p.valid && t.s.votes.hasQuorum(round, 'prevote', p.proposal.value));
  if (stored === undefined) return false;
  const { value } = stored.proposal;
  if (t.s.step === 'prevote') {
    // L37-L41
    castVote(t, 'precommit', value);
    t.s = { ...t.s, step: 'precommit', lockedValue: value, lockedRound: t.s.round };
  }
  // L42-L43
  t.s = { ...t.s, validValue: value, validRound: t.s.round, polkaSeen: true };
  return true;
}

/** L44-L46: 2f+1 prevotes for nil in the current round. */
function precommitNilOnPolka(t: Transition): boolean {
  if (t.s.step !== 'prevote' || !t.s.votes.hasQuorum(t.s.round, 'prevote', null)) return false;
  castVote(t, 'precommit', null);
  t.s = { ...t.s, step: 'precommit' };
  return true;
}

/** L34-L35: 2f+1 prevotes for anything while in prevote, first time in the round. */
function prevoteQuorumAny(t: Transition): boolean {
  if (t.s.step !== 'prevote' || t.s.prevoteTimeoutScheduled || !t.s.votes.hasQuorumAny(t.s.round, 'prevote')) return false;
  t.s = { ...t.s, prevoteTimeoutScheduled: true };
  scheduleTimeout(t, 'prevote');
  return true;
}

/** L47-L48: 2f+1 precommits for anything in the current round, first time. */
function precommitQuorumAny(t: Transition): boolean {
  if (t.s.precommitTimeoutScheduled || !t.s.votes.hasQuorumAny(t.s.round, 'precommit')) return false;
  t.s = { ...t.s, precommitTimeoutScheduled: true };
  scheduleTimeout(t, 'precommit');
  return true;
}
