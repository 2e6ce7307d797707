import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConsensusEffect } from './ConsensusEffect.ts';
import { ConsensusError } from './ConsensusError.ts';
import type { ConsensusInput } from './ConsensusInput.ts';
import type { ConsensusParams } from './ConsensusParams.ts';
import { initialConsensusState } from './ConsensusState.ts';
import type { ConsensusState, HeightConsensusState } from './ConsensusState.ts';
import { proposer } from './proposer.ts';
import { step } from './step.ts';
import type { TimeoutKind, ValueId, Vote, VoteType } from './types.ts';

// Four validators of power 1: quorum (2f+1) is 3, f+1 is 2.
// Proposers at height 1: round 0 'b', 1 'c', 2 'd', 3 'a', 4 'b', 5 'c'.
const H = 1n;
const V = ['a', 'b', 'c', 'd'].map((id) => ({ id, power: 1n }));
const PARAMS: ConsensusParams = {
  timeouts: { propose: { baseMs: 100, deltaMs: 10 }, prevote: { baseMs: 50, deltaMs: 5 }, precommit: { baseMs: 60, deltaMs: 6 } },
  maxFutureRoundsPerValidator: 2,
};
const DURATION: Record<TimeoutKind, (r: number) => number> = {
  propose: (r) => 100 + 10 * r,
  prevote: (r) => 50 + 5 * r,
  precommit: (r) => 60 + 6 * r,
};

const start = (ownId?: string): ConsensusInput => ({ tag: 'StartHeight', height: H, validators: V, ownId, params: PARAMS });
const prop = (round: number, value: ValueId, validRound = -1, valid = true, from = proposer(V, H, round)): ConsensusInput => ({
  tag: 'Proposal',
  proposal: { height: H, round, value, validRound, from },
  valid,
});
const vote = (type: VoteType, from: string, value: ValueId | null, round = 0, height = H): Vote => ({ type, height, round, value, from });
const pv = (from: string, value: ValueId | null, round = 0): ConsensusInput => ({ tag: 'Vote', vote: vote('prevote', from, value, round) });
const pc = (from: string, value: ValueId | null, round = 0): ConsensusInput => ({ tag: 'Vote', vote: vote('precommit', from, value, round) });
const timeout = (kind: TimeoutKind, round = 0): ConsensusInput => ({ tag: 'Timeout', kind, height: H, round });
const proposeValue = (value: ValueId, round = 0): ConsensusInput => ({ tag: 'ProposeValue', height: H, round, value });

const started = (round: number): ConsensusEffect => ({ tag: 'StartedRound', height: H, round, proposer: proposer(V, H, round) });
const sched = (kind: TimeoutKind, round = 0): ConsensusEffect => ({ tag: 'ScheduleTimeout', kind, height: H, round, durationMs: DURATION[kind](round) });
const bv = (type: VoteType, value: ValueId | null, round = 0): ConsensusEffect => ({ tag: 'BroadcastVote', type, height: H, round, value });
const bp = (value: ValueId, validRound: number, round = 0): ConsensusEffect => ({ tag: 'BroadcastProposal', height: H, round, value, validRound });
const decide = (value: ValueId, round: number, froms: string[]): ConsensusEffect => ({
  tag: 'Decide',
  height: H,
  round,
  value,
  precommits: froms.map((f) => vote('precommit', f, value, round)),
});

/** Node 'a' (not the proposer of round 0) goes to round 1 through its own timeouts. */
const toRound1 = [timeout('propose', 0), timeout('prevote', 0), timeout('precommit', 0)];

function run(inputs: readonly ConsensusInput[], from: ConsensusState = initialConsensusState()): { state: ConsensusState; effects: ConsensusEffect[] } {
  let state = from;
  let effects: ConsensusEffect[] = [];
  for (const input of inputs) ({ state, effects } = step(state, input));
  return { state, effects };
}

function height(state: ConsensusState): HeightConsensusState {
  assert.notEqual(state.step, 'idle');
  return state as HeightConsensusState;
}

interface Case {
  desc: string;
  given: ConsensusInput[];
  input: ConsensusInput;
  effects: ConsensusEffect[];
  state?: Partial<Pick<HeightConsensusState, 'step' | 'round' | 'lockedValue' | 'lockedRound' | 'validValue' | 'validRound' | 'awaitingValue' | 'decision'>>;
}

const CASES: Case[] = [
  // L11-L21 StartRound
  {
    desc: 'L11-L18, L21: round 0 as proposer without validValue asks for a value and schedules timeoutPropose',
    given: [],
    input: start('b'),
    effects: [started(0), { tag: 'RequestValue', height: H, round: 0 }, sched('propose')],
    state: { step: 'propose', round: 0, awaitingValue: true },
  },
  {
    desc: 'L11-L13, L20-L21: round 0 as non-proposer only schedules timeoutPropose',
    given: [],
    input: start('a'),
    effects: [started(0), sched('propose')],
    state: { step: 'propose', round: 0, awaitingValue: false },
  },
  {
    desc: 'L18-L19: ProposeValue answers getValue: broadcast the proposal with validRound -1',
    given: [start('b')],
    input: proposeValue('X'),
    effects: [bp('X', -1)],
    state: { step: 'propose', awaitingValue: false },
  },
  { desc: 'L18: ProposeValue for another round is ignored', given: [start('b')], input: proposeValue('X', 1), effects: [] },
  { desc: 'L18: a second ProposeValue is ignored', given: [start('b'), proposeValue('X')], input: proposeValue('Y'), effects: [] },
  { desc: 'L14: ProposeValue to a non-proposer is ignored', given: [start('a')], input: proposeValue('X'), effects: [] },
  {
    desc: 'L15-L16, L19: the proposer of round 1 re-proposes its validValue with validRound',
    // 'c' prevotes X (L22), sees a polka (L36: locks, precommits X), round 0 times out (L65).
    given: [start('c'), prop(0, 'X'), pv('a', 'X'), pv('b', 'X'), pv('d', 'X'), pc('a', null), pc('b', null), pc('d', null)],
    input: timeout('precommit', 0),
    effects: [started(1), bp('X', 0, 1), sched('propose', 1)],
    state: { step: 'propose', round: 1, lockedValue: 'X', lockedRound: 0, validValue: 'X', validRound: 0, awaitingValue: false },
  },
  // L22-L27
  {
    desc: 'L22-L24, L27: valid proposal, not locked: prevote it',
    given: [start('a')],
    input: prop(0, 'X'),
    effects: [bv('prevote', 'X')],
    state: { step: 'prevote' },
  },
  {
    desc: 'L22-L23, L25-L27: invalid proposal: prevote nil',
    given: [start('a')],
    input: prop(0, 'X', -1, false),
    effects: [bv('prevote', null)],
    state: { step: 'prevote' },
  },
  {
    desc: 'L22-L23, L25-L26: locked on another value: prevote nil',
    given: [start('a'), prop(0, 'X'), pv('b', 'X'), pv('c', 'X'), pv('d', 'X'), timeout('precommit', 0)],
    input: prop(1, 'Y'),
    effects: [bv('prevote', null, 1)],
    state: { step: 'prevote', round: 1, lockedValue: 'X', lockedRound: 0 },
  },
  {
    desc: 'L22-L24: locked on the proposed value: prevote it',
    given: [start('a'), prop(0, 'X'), pv('b', 'X'), pv('c', 'X'), pv('d', 'X'), timeout('precommit', 0)],
    input: prop(1, 'X'),
    effects: [bv('prevote', 'X', 1)],
  },
  {
    desc: 'L22: a proposal of a later round is kept but not acted on yet',
    given: [start('a')],
    input: prop(1, 'X'),
    effects: [],
    state: { step: 'propose', round: 0 },
  },
  // L28-L33
  {
    desc: 'L28-L30, L33: proposal with validRound and 2f+1 prevotes for it in that round: prevote it',
    given: [start('a'), pv('b', 'X'), pv('c', 'X'), pv('d', 'X'), ...toRound1],
    input: prop(1, 'X', 0),
    effects: [bv('prevote', 'X', 1)],
    state: { step: 'prevote', round: 1 },
  },
  {
    desc: 'L28: without 2f+1 prevotes in validRound the node waits',
    given: [start('a'), pv('b', 'X'), pv('c', 'X'), ...toRound1],
    input: prop(1, 'X', 0),
    effects: [],
    state: { step: 'propose', round: 1 },
  },
  {
    desc: 'L28: the POL completing after the proposal triggers the prevote',
    given: [start('a'), ...toRound1, prop(1, 'X', 0), pv('b', 'X'), pv('c', 'X')],
    input: pv('d', 'X'),
    effects: [bv('prevote', 'X', 1)],
  },
  {
    desc: 'L29, L31-L32: locked in a round after validRound on another value: prevote nil',
    given: [
      start('a'),
      pv('b', 'X'), pv('c', 'X'), pv('d', 'X'), // POL for X in round 0 (no proposal seen)
      ...toRound1,
      prop(1, 'Y'), pv('b', 'Y', 1), pv('c', 'Y', 1), pv('d', 'Y', 1), // lock on Y in round 1
      timeout('precommit', 1),
    ],
    input: prop(2, 'X', 0),
    effects: [bv('prevote', null, 2)],
    state: { round: 2, lockedValue: 'Y', lockedRound: 1 },
  },
  {
    desc: 'L29: locked in an earlier round than validRound: prevote the new value',
    given: [
      start('a'),
      prop(0, 'Y'), pv('b', 'Y'), pv('c', 'Y'), pv('d', 'Y'), // lock on Y in round 0
      timeout('precommit', 0),
      pv('b', 'X', 1), pv('c', 'X', 1), pv('d', 'X', 1), // POL for X in round 1
      timeout('propose', 1), timeout('prevote', 1), timeout('precommit', 1),
    ],
    input: prop(2, 'X', 1),
    effects: [bv('prevote', 'X', 2)],
    state: { round: 2, lockedValue: 'Y', lockedRound: 0 },
  },
  {
    desc: 'L29, L31-L32: invalid proposal with a POL: prevote nil',
    given: [start('a'), pv('b', 'X'), pv('c', 'X'), pv('d', 'X'), ...toRound1],
    input: prop(1, 'X', 0, false),
    effects: [bv('prevote', null, 1)],
  },
  // L34-L35
  {
    desc: 'L34-L35: 2f+1 prevotes for anything while in prevote: schedule timeoutPrevote',
    given: [start('a'), timeout('propose'), pv('b', 'X'), pv('c', 'Y')],
    input: pv('d', null),
    effects: [sched('prevote')],
    state: { step: 'prevote' },
  },
  {
    desc: 'L34: only the first time in a round',
    given: [start('a'), timeout('propose'), pv('b', 'X'), pv('c', 'Y'), pv('d', null)],
    input: pv('a', null),
    effects: [],
  },
  {
    desc: 'L34: not while in propose',
    given: [start('a'), pv('b', 'X'), pv('c', 'Y')],
    input: pv('d', null),
    effects: [],
    state: { step: 'propose' },
  },
  // L36-L43
  {
    desc: 'L36-L43: polka for the valid proposal while in prevote: lock, precommit, set validValue',
    given: [start('a'), prop(0, 'X'), pv('b', 'X'), pv('c', 'X')],
    input: pv('d', 'X'),
    effects: [bv('precommit', 'X')],
    state: { step: 'precommit', lockedValue: 'X', lockedRound: 0, validValue: 'X', validRound: 0 },
  },
  {
    desc: 'L36, L42-L43: polka after precommitting nil only updates validValue',
    given: [start('a'), prop(0, 'X'), timeout('prevote'), pv('b', 'X'), pv('c', 'X')],
    input: pv('d', 'X'),
    effects: [],
    state: { step: 'precommit', lockedValue: null, lockedRound: -1, validValue: 'X', validRound: 0 },
  },
  {
    desc: 'L36: polka for an invalid proposal: no lock (only L34 fires)',
    given: [start('a'), prop(0, 'X', -1, false), pv('b', 'X'), pv('c', 'X')],
    input: pv('d', 'X'),
    effects: [sched('prevote')],
    state: { step: 'prevote', lockedValue: null, validValue: null },
  },
  {
    desc: 'L36: the polka before the proposal: the proposal triggers prevote, then lock and precommit',
    given: [start('a'), pv('b', 'X'), pv('c', 'X'), pv('d', 'X')],
    input: prop(0, 'X'),
    effects: [bv('prevote', 'X'), bv('precommit', 'X')],
    state: { step: 'precommit', lockedValue: 'X', lockedRound: 0 },
  },
  // L44-L46
  {
    desc: 'L44-L46: 2f+1 prevotes for nil while in prevote: precommit nil',
    given: [start('a'), timeout('propose'), pv('b', null), pv('c', null)],
    input: pv('d', null),
    effects: [bv('precommit', null)],
    state: { step: 'precommit', lockedValue: null },
  },
  // L47-L48
  {
    desc: 'L47-L48: 2f+1 precommits for anything: schedule timeoutPrecommit',
    given: [start('a'), pc('b', 'X'), pc('c', null)],
    input: pc('d', 'Y'),
    effects: [sched('precommit')],
  },
  {
    desc: 'L47: only the first time in a round',
    given: [start('a'), pc('b', 'X'), pc('c', null), pc('d', 'Y')],
    input: pc('a', null),
    effects: [],
  },
  // L49-L54
  {
    desc: 'L49-L51: valid proposal and 2f+1 precommits for it: Decide with the commit certificate',
    given: [start('a'), prop(0, 'X'), pc('b', 'X'), pc('d', 'X')],
    input: pc('c', 'X'),
    effects: [decide('X', 0, ['b', 'c', 'd'])],
    state: { step: 'decided', decision: { round: 0, value: 'X' } },
  },
  {
    desc: 'L49: precommits first, the proposal last: Decide on the proposal',
    given: [start('a'), pc('b', 'X'), pc('c', 'X'), pc('d', 'X')],
    input: prop(0, 'X'),
    effects: [decide('X', 0, ['b', 'c', 'd'])],
  },
  {
    desc: 'L49: a decision for an earlier round while in a later one',
    given: [start('a'), prop(0, 'X'), ...toRound1.slice(1), pc('b', 'X', 0), pc('c', 'X', 0)],
    input: pc('d', 'X', 0),
    effects: [decide('X', 0, ['b', 'c', 'd'])],
  },
  {
    desc: 'L49: a decision for a later round (the proposal and precommits of round 2 arrive at round 0)',
    given: [start('a'), prop(2, 'Z'), pc('b', 'Z', 2), pc('c', 'Z', 2)],
    input: pc('d', 'Z', 2),
    effects: [decide('Z', 2, ['b', 'c', 'd'])],
  },
  {
    desc: 'L50: an invalid value is never decided',
    given: [start('a'), prop(0, 'X', -1, false), pc('b', 'X'), pc('c', 'X')],
    input: pc('d', 'X'),
    effects: [sched('precommit')],
    state: { step: 'prevote', decision: null },
  },
  {
    desc: 'L49: precommits for another value than the proposal do not decide',
    given: [start('a'), prop(0, 'X'), pc('b', 'Y'), pc('c', 'Y')],
    input: pc('d', 'Y'),
    effects: [sched('precommit')],
    state: { decision: null },
  },
  {
    desc: 'L52-L54: after Decide every input is ignored until StartHeight',
    given: [start('a'), prop(0, 'X'), pc('b', 'X'), pc('c', 'X'), pc('d', 'X')],
    input: timeout('precommit', 0),
    effects: [],
    state: { step: 'decided' },
  },
  // L55-L56
  {
    desc: 'L55-L56: f+1 validators in a higher round: start that round',
    given: [start('a'), pv('b', null, 5)],
    input: pc('c', 'X', 5),
    effects: [started(5), sched('propose', 5)],
    state: { step: 'propose', round: 5 },
  },
  { desc: 'L55: f validators in a higher round are not enough', given: [start('a')], input: pv('b', null, 5), effects: [], state: { round: 0 } },
  {
    desc: 'L55: a validator with both a prevote and a precommit in the round counts once',
    given: [start('a'), pv('b', null, 5)],
    input: pc('b', null, 5),
    effects: [],
    state: { round: 0 },
  },
  {
    desc: 'L55 then L22: a stored proposal of the new round is acted on at once',
    given: [start('a'), prop(5, 'X'), pv('b', null, 5)],
    input: pv('d', null, 5),
    effects: [started(5), sched('propose', 5), bv('prevote', 'X', 5)],
    state: { step: 'prevote', round: 5 },
  },
  {
    desc: 'L55: from a skipped-to round, f+1 in a still higher round skips again',
    given: [start('a'), pv('b', null, 2), pv('c', null, 2), pv('b', null, 6)],
    input: pv('c', null, 6),
    effects: [started(6), sched('propose', 6)],
    state: { round: 6 },
  },
  // L57-L67
  {
    desc: 'L57-L60: timeoutPropose while in propose: prevote nil',
    given: [start('a')],
    input: timeout('propose'),
    effects: [bv('prevote', null)],
    state: { step: 'prevote' },
  },
  {
    desc: 'L57-L58: the proposer whose block never came prevotes nil too',
    given: [start('b')],
    input: timeout('propose'),
    effects: [bv('prevote', null)],
    state: { step: 'prevote', awaitingValue: false },
  },
  { desc: 'L58: timeoutPropose of another round is ignored', given: [start('a')], input: timeout('propose', 1), effects: [] },
  { desc: 'L58: timeoutPropose after prevoting is ignored', given: [start('a'), prop(0, 'X')], input: timeout('propose'), effects: [] },
  {
    desc: 'L61-L64: timeoutPrevote while in prevote: precommit nil',
    given: [start('a'), timeout('propose')],
    input: timeout('prevote'),
    effects: [bv('precommit', null)],
    state: { step: 'precommit' },
  },
  { desc: 'L62: timeoutPrevote while in propose is ignored', given: [start('a')], input: timeout('prevote'), effects: [] },
  {
    desc: 'L62: timeoutPrevote after precommitting is ignored',
    given: [start('a'), timeout('propose'), timeout('prevote')],
    input: timeout('prevote'),
    effects: [],
  },
  {
    desc: 'L65-L67: timeoutPrecommit: start the next round, with round-scaled timeouts',
    given: [start('a'), timeout('propose'), timeout('prevote')],
    input: timeout('precommit'),
    effects: [started(1), sched('propose', 1)],
    state: { step: 'propose', round: 1 },
  },
  {
    desc: 'L65-L67: timeoutPrecommit into a round this node proposes: ask for a value',
    given: [start('c'), timeout('propose'), timeout('prevote')],
    input: timeout('precommit'),
    effects: [started(1), { tag: 'RequestValue', height: H, round: 1 }, sched('propose', 1)],
    state: { awaitingValue: true },
  },
  { desc: 'L66: a stale timeoutPrecommit is ignored', given: [start('a'), timeout('precommit', 0)], input: timeout('precommit', 0), effects: [], state: { round: 1 } },
  // message filtering and evidence
  { desc: 'a proposal from another than the round proposer is ignored', given: [start('a')], input: prop(0, 'X', -1, true, 'c'), effects: [], state: { step: 'propose' } },
  { desc: 'a proposal whose validRound is not below its round is ignored', given: [start('a')], input: prop(0, 'X', 0), effects: [] },
  {
    desc: 'a vote for another height is ignored',
    given: [start('a'), timeout('propose'), pv('b', null), pv('c', null)],
    input: { tag: 'Vote', vote: vote('prevote', 'd', null, 0, 2n) },
    effects: [],
  },
  { desc: 'a vote from a non-validator is ignored', given: [start('a'), timeout('propose'), pv('b', null), pv('c', null)], input: pv('z', null), effects: [] },
  {
    desc: 'a second proposal from the proposer: Equivocation evidence, the first proposal stays',
    given: [start('a'), prop(0, 'X')],
    input: prop(0, 'Y'),
    effects: [
      {
        tag: 'Equivocation',
        from: 'b',
        message: 'proposal',
        first: { height: H, round: 0, value: 'X', validRound: -1, from: 'b' },
        second: { height: H, round: 0, value: 'Y', validRound: -1, from: 'b' },
      },
    ],
  },
  { desc: 'proposal equivocation is reported once', given: [start('a'), prop(0, 'X'), prop(0, 'Y')], input: prop(0, 'Z'), effects: [] },
  {
    desc: 'a second different vote: Equivocation evidence; it counts for its own value only',
    given: [start('a'), timeout('propose'), pv('b', null), pv('c', null)],
    input: pv('c', 'X'),
    effects: [{ tag: 'Equivocation', from: 'c', message: 'vote', first: vote('prevote', 'c', null), second: vote('prevote', 'c', 'X') }],
    state: { step: 'prevote' },
  },
  {
    desc: 'L49 with a double-voter: its precommit for the decided value, received second, completes the certificate',
    given: [start('a'), prop(0, 'X'), pc('d', 'W'), pc('b', 'X'), pc('c', 'X')],
    input: pc('d', 'X'),
    effects: [
      { tag: 'Equivocation', from: 'd', message: 'vote', first: vote('precommit', 'd', 'W'), second: vote('precommit', 'd', 'X') },
      decide('X', 0, ['b', 'c', 'd']),
    ],
  },
  {
    desc: 'an equivocating proposer: the proposal received second is kept and can be decided (L49)',
    given: [start('a'), prop(0, 'Y'), prop(0, 'X'), pc('b', 'X'), pc('c', 'X')],
    input: pc('d', 'X'),
    effects: [decide('X', 0, ['b', 'c', 'd'])],
  },
  {
    desc: 'L36 with an equivocating proposer: a polka for the proposal received second locks on it',
    given: [start('a'), prop(0, 'Y'), prop(0, 'X'), pv('b', 'X'), pv('c', 'X')],
    input: pv('d', 'X'),
    effects: [bv('precommit', 'X')],
    state: { lockedValue: 'X', validValue: 'X' },
  },
  {
    desc: 'a duplicate vote changes nothing',
    given: [start('a'), timeout('propose'), pv('b', null), pv('c', null)],
    input: pv('c', null),
    effects: [],
    state: { step: 'prevote' },
  },
  {
    desc: 'own votes count only once fed back: the third prevote is the node’s own',
    given: [start('a'), prop(0, 'X'), pv('b', 'X'), pv('c', 'X')],
    input: pv('a', 'X'),
    effects: [bv('precommit', 'X')],
  },
  {
    desc: 'a follower (no ownId) moves through the steps without sending anything',
    given: [start(), prop(0, 'X'), pv('b', 'X'), pv('c', 'X')],
    input: pv('d', 'X'),
    effects: [],
    state: { step: 'precommit', lockedValue: 'X' },
  },
  {
    desc: 'a follower decides from the proposal and the precommits',
    given: [start(), prop(0, 'X'), pc('b', 'X'), pc('c', 'X')],
    input: pc('d', 'X'),
    effects: [decide('X', 0, ['b', 'c', 'd'])],
  },
  {
    desc: 'an ownId outside the validator set makes a follower',
    given: [],
    input: { tag: 'StartHeight', height: H, validators: V, ownId: 'z', params: PARAMS },
    effects: [started(0), sched('propose')],
  },
];

describe('step: Tendermint Algorithm 1 rule by rule', () => {
  for (const c of CASES) {
    it(`behavior: ${c.desc}`, () => {
      const before = run(c.given).state;
      const { state, effects } = step(before, c.input);
      assert.deepEqual(effects, c.effects);
      if (c.state !== undefined) {
        const s = height(state);
        for (const [key, expected] of Object.entries(c.state)) assert.deepEqual(s[key as keyof HeightConsensusState], expected, key);
      }
    });
  }
});

describe('step: contract', () => {
  it('behavior: never mutates the state it is given and replays identically', () => {
    const inputs = [start('a'), prop(0, 'X'), pv('b', 'X'), pv('c', 'X'), pv('d', 'X'), pc('b', null), pc('c', null), timeout('precommit')];
    const states: ConsensusState[] = [];
    const snapshots: string[] = [];
    let state = initialConsensusState();
    const all: ConsensusEffect[][] = [];
    for (const input of inputs) {
      const r = step(state, input);
      all.push(r.effects);
      states.push(r.state);
      snapshots.push(snapshot(r.state));
      state = r.state;
    }
    states.forEach((s, i) => assert.equal(snapshot(s), snapshots[i], `state ${i} changed later`));
    let again = initialConsensusState();
    inputs.forEach((input, i) => {
      const r = step(again, input);
      assert.deepEqual(r.effects, all[i]);
      again = r.state;
    });
  });

  it('behavior: inputs before the first StartHeight are ignored', () => {
    const idle = initialConsensusState();
    const r = step(idle, pv('b', 'X'));
    assert.equal(r.state, idle);
    assert.deepEqual(r.effects, []);
  });

  it('behavior: StartHeight of the next height resets locks, votes and proposals', () => {
    const locked = run([start('a'), prop(0, 'X'), pv('b', 'X'), pv('c', 'X'), pv('d', 'X')]).state;
    assert.equal(height(locked).lockedValue, 'X');
    const { state, effects } = step(locked, { tag: 'StartHeight', height: 2n, validators: V, ownId: 'a' });
    const s = height(state);
    assert.deepEqual([s.height, s.round, s.step, s.lockedValue, s.lockedRound, s.validValue, s.votes.size, s.proposals.size], [2n, 0, 'propose', null, -1, null, 0, 0]);
    assert.deepEqual(effects[0], { tag: 'StartedRound', height: 2n, round: 0, proposer: proposer(V, 2n, 0) });
  });

  it('behavior: a lock survives a round change and a polka in a higher round relocks (L36)', () => {
    const { state } = run([
      start('a'),
      prop(0, 'X'), pv('b', 'X'), pv('c', 'X'), pv('d', 'X'), // lock X at 0
      timeout('precommit', 0),
      prop(1, 'Y'), // locked on X: prevote nil
      pv('b', 'Y', 1), pv('c', 'Y', 1), pv('d', 'Y', 1), // 2f+1 prevoted Y while in prevote: L36 relocks on Y
    ]);
    const s = height(state);
    assert.deepEqual([s.lockedValue, s.lockedRound, s.validValue, s.validRound], ['Y', 1, 'Y', 1]);
  });

  it('error: StartHeight with an invalid validator set throws INVALID_VALIDATOR_SET', () => {
    const bad: Array<[string, ConsensusInput]> = [
      ['empty', { tag: 'StartHeight', height: H, validators: [] }],
      ['duplicateId', { tag: 'StartHeight', height: H, validators: [...V, { id: 'a', power: 1n }] }],
      ['nonPositivePower', { tag: 'StartHeight', height: H, validators: [...V, { id: 'e', power: 0n }] }],
    ];
    for (const [reason, input] of bad) {
      assert.throws(
        () => step(initialConsensusState(), input),
        (e: unknown) => e instanceof ConsensusError && e.code === 'INVALID_VALIDATOR_SET' && e.type.code === 'INVALID_VALIDATOR_SET' && e.type.reason === reason,
      );
    }
  });

  it('error: StartHeight at or below the current height throws STALE_HEIGHT', () => {
    const s = run([start('a')]).state;
    assert.throws(() => step(s, start('a')), (e: unknown) => e instanceof ConsensusError && e.code === 'STALE_HEIGHT');
  });

  it('error: StartHeight with negative timeouts throws INVALID_PARAMS', () => {
    const params: ConsensusParams = { ...PARAMS, timeouts: { ...PARAMS.timeouts, prevote: { baseMs: -1, deltaMs: 0 } } };
    assert.throws(
      () => step(initialConsensusState(), { tag: 'StartHeight', height: H, validators: V, params }),
      (e: unknown) => e instanceof ConsensusError && e.code === 'INVALID_PARAMS',
    );
  });
});

/** A stable text of a state's observable content, to detect later mutation. */
function snapshot(state: ConsensusState): string {
  if (state.step === 'idle') return 'idle';
  const { votes, proposals, validators, params, ...rest } = state;
  const logs = { votes: votes.size, proposals: [...proposals.all()], rounds: validators.validators.map((v) => votes.roundsOf(v.id)) };
  return JSON.stringify({ rest, logs }, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}
