import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keccak256, stringToHex, type Address, type Hex } from 'viem';
import type { AnchorCommitment } from './commitmentDigest.ts';
import { planAnchorRound, type AnchorContractState, type AnchorRoundPlan } from './planAnchorRound.ts';
import type { SignedAnchorCommitment } from './SignedCommitmentSource.ts';
import { validatorSetHash, type AnchorValidatorSet } from './validatorSetHash.ts';

const ZERO: Hex = `0x${'00'.repeat(32)}`;
const A: Address = '0x1000000000000000000000000000000000000001';
const B: Address = '0x2000000000000000000000000000000000000002';
const NEXT: AnchorValidatorSet = { setId: 1n, validators: [{ addr: A, weight: 1n }, { addr: B, weight: 2n }] };
const NEXT_HASH = validatorSetHash(NEXT);

function c(fromBlock: bigint, toBlock: bigint, extra: Partial<AnchorCommitment> = {}): SignedAnchorCommitment {
  return {
    commitment: { fromBlock, toBlock, blocksRoot: keccak256(stringToHex(`${fromBlock}`)), setId: 0n, nextSetHash: ZERO, ...extra },
    signatures: [],
  };
}

function state(nextBlock: bigint, pendingSetHash: Hex = ZERO, setId = 0n): AnchorContractState {
  return { nextBlock, setId, pendingSetHash };
}

/** The plan reduced to comparable data: kind, ranges or set id, reason or problem code. */
function summary(plan: AnchorRoundPlan): string {
  switch (plan.kind) {
    case 'rotate':
      return `rotate ${plan.set.setId}`;
    case 'idle':
      return `idle ${plan.reason}`;
    case 'invalid':
      return `invalid ${plan.problem.code}`;
    default: {
      const ranges = plan.items.map((i) => `${i.commitment.fromBlock}-${i.commitment.toBlock}`).join(',');
      return `${plan.kind} ${ranges}${plan.problem === undefined ? '' : ` (${plan.problem.code})`}`;
    }
  }
}

const cases: { desc: string; state: AnchorContractState; ready?: SignedAnchorCommitment[]; nextSet?: AnchorValidatorSet; maxBatch?: number; expected: string }[] = [
  { desc: 'nothing ready', state: state(1n), expected: 'idle NOTHING_READY' },
  { desc: 'one commitment is submit', state: state(1n), ready: [c(1n, 4n)], expected: 'submit 1-4' },
  { desc: 'several are one batch', state: state(5n), ready: [c(5n, 8n), c(9n, 9n), c(10n, 20n)], expected: 'submitBatch 5-8,9-9,10-20' },
  { desc: 'maxBatch caps the batch', state: state(1n), ready: [c(1n, 1n), c(2n, 2n), c(3n, 3n)], maxBatch: 2, expected: 'submitBatch 1-1,2-2' },
  { desc: 'maxBatch 1 sends submit', state: state(1n), ready: [c(1n, 1n), c(2n, 2n)], maxBatch: 1, expected: 'submit 1-1' },
  {
    desc: 'a handover ends the batch',
    state: state(1n),
    ready: [c(1n, 1n), c(2n, 2n, { nextSetHash: NEXT_HASH }), c(3n, 3n, { setId: 1n })],
    expected: 'submitBatch 1-1,2-2',
  },
  { desc: 'a handover first is sent alone', state: state(1n), ready: [c(1n, 1n, { nextSetHash: NEXT_HASH }), c(2n, 2n)], expected: 'submit 1-1' },
  { desc: 'the first must start at nextBlock', state: state(3n), ready: [c(1n, 4n)], expected: 'invalid NOT_CONTIGUOUS' },
  { desc: 'a gap keeps the prefix', state: state(1n), ready: [c(1n, 2n), c(4n, 5n)], expected: 'submit 1-2 (NOT_CONTIGUOUS)' },
  { desc: 'an overlap keeps the prefix', state: state(1n), ready: [c(1n, 2n), c(3n, 4n), c(4n, 5n)], expected: 'submitBatch 1-2,3-4 (NOT_CONTIGUOUS)' },
  { desc: 'a reversed range is invalid', state: state(1n), ready: [c(1n, 0n)], expected: 'invalid INVALID_RANGE' },
  { desc: 'another set id is invalid', state: state(1n, ZERO, 2n), ready: [c(1n, 4n)], expected: 'invalid WRONG_SET_ID' },
  { desc: 'pending rotation with the set: rotate', state: state(9n, NEXT_HASH), ready: [c(9n, 9n)], nextSet: NEXT, expected: 'rotate 1' },
  { desc: 'pending rotation without the set: wait', state: state(9n, NEXT_HASH), ready: [c(9n, 9n)], expected: 'idle SET_UNAVAILABLE' },
  {
    desc: 'pending rotation, unsorted set: sorted before hashing',
    state: state(9n, NEXT_HASH),
    nextSet: { setId: 1n, validators: [...NEXT.validators].reverse() },
    expected: 'rotate 1',
  },
  { desc: 'pending rotation, wrong id', state: state(9n, NEXT_HASH), nextSet: { ...NEXT, setId: 2n }, expected: 'invalid SET_ID_MISMATCH' },
  {
    desc: 'pending rotation, other members',
    state: state(9n, NEXT_HASH),
    nextSet: { setId: 1n, validators: [{ addr: A, weight: 1n }] },
    expected: 'invalid SET_HASH_MISMATCH',
  },
];

for (const { desc, state: s, ready = [], nextSet, maxBatch = 8, expected } of cases) {
  test(`behavior: planAnchorRound — ${desc}`, () => {
    assert.equal(summary(planAnchorRound({ state: s, ready, nextSet, maxBatch })), expected);
  });
}

test('behavior: planAnchorRound hands the rotation the sorted set', () => {
  const plan = planAnchorRound({ state: state(9n, NEXT_HASH), ready: [], nextSet: { setId: 1n, validators: [...NEXT.validators].reverse() }, maxBatch: 4 });
  assert.equal(plan.kind, 'rotate');
  assert.deepEqual(plan.kind === 'rotate' ? plan.set : undefined, NEXT);
});
