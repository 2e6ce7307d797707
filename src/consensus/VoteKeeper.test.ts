import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidatorSet } from './ValidatorSet.ts';
import { VoteKeeper } from './VoteKeeper.ts';
import type { AddVoteResult } from './VoteKeeper.ts';
import type { ValueId, Vote, VoteType } from './types.ts';

// Unequal powers a=1, b=2, c=3, d=4 (total 10): quorum needs > 20/3, i.e. 7; f+1 needs > 10/3, i.e. 4.
const SET = ValidatorSet.from([
  { id: 'd', power: 4n },
  { id: 'b', power: 2n },
  { id: 'a', power: 1n },
  { id: 'c', power: 3n },
]);
const H = 7n;
const v = (type: VoteType, from: string, value: ValueId | null, round = 0, height = H): Vote => ({ type, height, round, value, from });

/** Adds votes in order at current round `current`; returns the keeper and each result. */
function add(votes: Vote[], current = 0, max = 2): { keeper: VoteKeeper; results: AddVoteResult['status'][] } {
  let keeper = VoteKeeper.empty(H, SET, max);
  const results: AddVoteResult['status'][] = [];
  for (const vote of votes) {
    const r = keeper.add(vote, current);
    keeper = r.keeper;
    results.push(r.result.status);
  }
  return { keeper, results };
}

describe('VoteKeeper thresholds with unequal powers', () => {
  const table: Array<{ desc: string; votes: Vote[]; quorumX: boolean; quorumNil: boolean; quorumAny: boolean; weightX: bigint }> = [
    { desc: 'a+b+c (6 of 10) for X is not a quorum', votes: [v('prevote', 'a', 'X'), v('prevote', 'b', 'X'), v('prevote', 'c', 'X')], quorumX: false, quorumNil: false, quorumAny: false, weightX: 6n },
    { desc: 'c+d (7 of 10) for X is a quorum', votes: [v('prevote', 'c', 'X'), v('prevote', 'd', 'X')], quorumX: true, quorumNil: false, quorumAny: true, weightX: 7n },
    { desc: 'a+c+d (8) split X/nil/Y: no value quorum, but 2f+1 for anything (L34)', votes: [v('prevote', 'a', 'X'), v('prevote', 'c', null), v('prevote', 'd', 'Y')], quorumX: false, quorumNil: false, quorumAny: true, weightX: 1n },
    { desc: 'b+c+d (9) for nil is a nil quorum (L44)', votes: [v('prevote', 'b', null), v('prevote', 'c', null), v('prevote', 'd', null)], quorumX: false, quorumNil: true, quorumAny: true, weightX: 0n },
    { desc: 'precommits are counted apart from prevotes', votes: [v('precommit', 'c', 'X'), v('precommit', 'd', 'X')], quorumX: false, quorumNil: false, quorumAny: false, weightX: 0n },
    { desc: 'a duplicate is not counted twice: c, c, a (4)', votes: [v('prevote', 'c', 'X'), v('prevote', 'c', 'X'), v('prevote', 'a', 'X')], quorumX: false, quorumNil: false, quorumAny: false, weightX: 4n },
    { desc: 'a conflicting vote counts for its own value, not twice in the "any" total: d X, d Y, a nil (5)', votes: [v('prevote', 'd', 'X'), v('prevote', 'd', 'Y'), v('prevote', 'a', null)], quorumX: false, quorumNil: false, quorumAny: false, weightX: 4n },
  ];
  for (const c of table) {
    it(`behavior: ${c.desc}`, () => {
      const { keeper } = add(c.votes);
      assert.equal(keeper.hasQuorum(0, 'prevote', 'X'), c.quorumX);
      assert.equal(keeper.hasQuorum(0, 'prevote', null), c.quorumNil);
      assert.equal(keeper.hasQuorumAny(0, 'prevote'), c.quorumAny);
      assert.equal(keeper.weight(0, 'prevote', 'X'), c.weightX);
    });
  }

  it('behavior: the precommit quorum holds the 2f+1 certificate in canonical order', () => {
    const { keeper } = add([v('precommit', 'd', 'X'), v('precommit', 'a', 'X'), v('precommit', 'b', null), v('precommit', 'c', 'X')]);
    assert.ok(keeper.hasQuorum(0, 'precommit', 'X'));
    assert.deepEqual(keeper.votesFor(0, 'precommit', 'X').map((x) => x.from), ['a', 'c', 'd']);
    assert.equal(keeper.totalWeight(0, 'precommit'), 10n);
  });
});

describe('VoteKeeper results', () => {
  const table: Array<{ desc: string; votes: Vote[]; results: AddVoteResult['status'][] }> = [
    { desc: 'the same vote twice is a duplicate', votes: [v('prevote', 'a', 'X'), v('prevote', 'a', 'X')], results: ['added', 'duplicate'] },
    { desc: 'a prevote and a precommit of one round are both added', votes: [v('prevote', 'a', 'X'), v('precommit', 'a', 'X')], results: ['added', 'added'] },
    { desc: 'nil then a value in one round is an equivocation', votes: [v('prevote', 'a', null), v('prevote', 'a', 'X')], results: ['added', 'equivocation'] },
    { desc: 'a vote for another height is rejected', votes: [v('prevote', 'a', 'X', 0, 8n)], results: ['rejected'] },
    { desc: 'a vote from a non-validator is rejected', votes: [v('prevote', 'z', 'X')], results: ['rejected'] },
    { desc: 'a negative or fractional round is rejected', votes: [v('prevote', 'a', 'X', -1), v('prevote', 'a', 'X', 1.5)], results: ['rejected', 'rejected'] },
  ];
  for (const c of table) {
    it(`behavior: ${c.desc}`, () => assert.deepEqual(add(c.votes).results, c.results));
  }

  it('behavior: equivocation evidence is new only the first time per (from, type, round); one conflicting vote is counted freely', () => {
    let keeper = VoteKeeper.empty(H, SET, 2);
    keeper = keeper.add(v('prevote', 'b', 'X'), 0).keeper;
    const first = keeper.add(v('prevote', 'b', 'Y'), 0);
    assert.deepEqual(first.result, { status: 'equivocation', first: v('prevote', 'b', 'X'), isNew: true, counted: true });
    const again = first.keeper.add(v('prevote', 'b', 'Z'), 0);
    assert.deepEqual(again.result, { status: 'equivocation', first: v('prevote', 'b', 'X'), isNew: false, counted: false });
    assert.deepEqual(['X', 'Y', 'Z'].map((x) => again.keeper.weight(0, 'prevote', x)), [2n, 2n, 0n]);
    assert.equal(again.keeper.totalWeight(0, 'prevote'), 2n);
    assert.equal(again.keeper.add(v('prevote', 'b', 'Y'), 0).result.status, 'duplicate');
  });

  it('behavior: a further conflicting vote is counted once its value has f+1 behind it', () => {
    const { keeper, results } = add([v('prevote', 'b', 'X'), v('prevote', 'b', 'Y'), v('prevote', 'd', 'Z'), v('prevote', 'b', 'Z')]);
    assert.deepEqual(results, ['added', 'equivocation', 'added', 'equivocation']);
    assert.equal(keeper.weight(0, 'prevote', 'Z'), 6n);
    assert.deepEqual(keeper.votesFor(0, 'prevote', 'Z').map((x) => x.from), ['b', 'd']);
    assert.equal(keeper.totalWeight(0, 'prevote'), 6n);
  });

  it('behavior: the certificate of a value includes a double-voter received second (a lagging node can still decide)', () => {
    const { keeper } = add([v('precommit', 'd', 'W'), v('precommit', 'c', 'X'), v('precommit', 'd', 'X')]);
    assert.ok(keeper.hasQuorum(0, 'precommit', 'X'));
    assert.deepEqual(keeper.votesFor(0, 'precommit', 'X').map((x) => x.from), ['c', 'd']);
  });

  it('behavior: add never changes the keeper it is called on', () => {
    const empty = VoteKeeper.empty(H, SET, 2);
    const { keeper } = empty.add(v('prevote', 'd', 'X'), 0);
    assert.equal(empty.size, 0);
    assert.equal(empty.weight(0, 'prevote', 'X'), 0n);
    assert.equal(keeper.size, 1);
  });
});

describe('VoteKeeper round skipping (L55) and the future-round bound', () => {
  const table: Array<{ desc: string; votes: Vote[]; current: number; skip: number | undefined }> = [
    { desc: 'd alone (4 > 10/3) in round 3 is f+1', votes: [v('prevote', 'd', null, 3)], current: 0, skip: 3 },
    { desc: 'c alone (3) is not f+1', votes: [v('prevote', 'c', null, 3)], current: 0, skip: undefined },
    { desc: 'c with a prevote and a precommit still counts 3', votes: [v('prevote', 'c', null, 3), v('precommit', 'c', null, 3)], current: 0, skip: undefined },
    { desc: 'a+c (4) across vote types is f+1', votes: [v('prevote', 'a', null, 2), v('precommit', 'c', 'X', 2)], current: 0, skip: 2 },
    { desc: 'rounds at or below the current one never skip', votes: [v('prevote', 'd', null, 1)], current: 1, skip: undefined },
    { desc: 'the highest qualifying round wins', votes: [v('prevote', 'd', null, 2), v('prevote', 'c', null, 5), v('prevote', 'a', null, 5)], current: 0, skip: 5 },
  ];
  for (const c of table) {
    it(`behavior: ${c.desc}`, () => assert.equal(add(c.votes, c.current).keeper.skipRound(c.current), c.skip));
  }

  it('behavior: a validator keeps at most max future rounds, its highest; lower ones are refused', () => {
    const { keeper, results } = add(
      [v('prevote', 'd', null, 5), v('prevote', 'd', null, 6), v('precommit', 'd', null, 6), v('prevote', 'd', null, 9), v('prevote', 'd', null, 4), v('prevote', 'd', null, 0)],
      0,
      2,
    );
    assert.deepEqual(results, ['added', 'added', 'added', 'added', 'rejected', 'added']);
    assert.deepEqual(keeper.roundsOf('d'), [0, 6, 9]);
    assert.equal(keeper.weight(5, 'prevote', null), 0n, 'evicted votes are no longer counted');
    assert.equal(keeper.skipRound(0), 9);
  });

  it('behavior: spam of 10,000 future rounds from one validator keeps memory bounded and cannot force a skip', () => {
    let keeper = VoteKeeper.empty(H, SET, 3);
    for (let r = 1; r <= 10_000; r++) keeper = keeper.add(v('prevote', 'c', `S${r}`, r), 0).keeper;
    assert.equal(keeper.size, 3);
    assert.deepEqual(keeper.roundsOf('c'), [9998, 9999, 10000]);
    assert.equal(keeper.skipRound(0), undefined);
  });
});
