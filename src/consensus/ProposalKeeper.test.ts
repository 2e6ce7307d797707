import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ProposalKeeper } from './ProposalKeeper.ts';
import type { AddProposalResult } from './ProposalKeeper.ts';
import type { Proposal } from './types.ts';

const p = (round: number, value: string, from = 'x', validRound = -1, height = 3n): Proposal => ({ height, round, value, validRound, from });

const CASES: Array<{ desc: string; adds: Proposal[]; current: number; results: AddProposalResult['status'][]; rounds: number[]; kept?: [number, string] }> = [
  { desc: 'the same proposal twice is a duplicate', adds: [p(0, 'A'), p(0, 'A')], current: 0, results: ['added', 'duplicate'], rounds: [0] },
  { desc: 'another value in the same round is kept second (equivocation); a third is refused', adds: [p(0, 'A'), p(0, 'B'), p(0, 'C')], current: 0, results: ['added', 'added', 'rejected'], rounds: [0, 0], kept: [0, 'A'] },
  { desc: 'the same value with another validRound is a second proposal too', adds: [p(2, 'A', 'x', -1), p(2, 'A', 'x', 1)], current: 2, results: ['added', 'added'], rounds: [2, 2] },
  { desc: 'another height is rejected', adds: [p(0, 'A', 'x', -1, 4n)], current: 0, results: ['rejected'], rounds: [] },
  {
    desc: 'a proposer keeps at most max future rounds (its highest); past and current rounds are always kept',
    adds: [p(5, 'A'), p(6, 'B'), p(7, 'C'), p(1, 'D'), p(4, 'E'), p(0, 'F')],
    current: 1,
    results: ['added', 'added', 'added', 'added', 'rejected', 'added'],
    rounds: [0, 1, 6, 7],
  },
];

for (const c of CASES) {
  it(`behavior: ${c.desc}`, () => {
    let keeper = ProposalKeeper.empty(3n, 2);
    const results: AddProposalResult['status'][] = [];
    for (const proposal of c.adds) {
      const r = keeper.add(proposal, true, c.current);
      keeper = r.keeper;
      results.push(r.result.status);
    }
    assert.deepEqual(results, c.results);
    assert.deepEqual([...keeper.all()].map(([r]) => r).sort((a, b) => a - b), c.rounds);
    if (c.kept !== undefined) assert.equal(keeper.inRound(c.kept[0])[0]?.proposal.value, c.kept[1]);
  });
}

it('behavior: equivocation is reported once per round, with the first proposal; a supported third one is kept', () => {
  let keeper = ProposalKeeper.empty(3n, 2);
  keeper = keeper.add(p(0, 'A'), true, 0).keeper;
  const second = keeper.add(p(0, 'B'), true, 0);
  assert.deepEqual(second.result, { status: 'added', equivocationOf: p(0, 'A') });
  const third = second.keeper.add(p(0, 'C'), true, 0);
  assert.deepEqual(third.result, { status: 'rejected', reason: 'roundFull' });
  const supported = third.keeper.add(p(0, 'C'), true, 0, true);
  assert.deepEqual(supported.result, { status: 'added' });
  assert.deepEqual(supported.keeper.inRound(0).map((s) => s.proposal.value), ['A', 'B', 'C']);
});
