import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { proposer, proposerSchedule } from './proposer.ts';
import type { Validator } from './types.ts';

const vs = (powers: number[]): Validator[] => powers.map((p, i) => ({ id: `0x${(i + 10).toString(16).padStart(2, '0')}`, power: BigInt(p) }));

/**
 * CometBFT's stateful algorithm written out independently (IncrementProposerPriority with its
 * rescale-to-2·total window and centering), run from genesis one step per height+round.
 */
function cometSequence(validators: Validator[], steps: number): { picks: string[]; maxSpreadOverTotal: number } {
  const sorted = [...validators].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const total = sorted.reduce((s, v) => s + v.power, 0n);
  const prio = sorted.map(() => 0n);
  const picks: string[] = [];
  let maxSpread = 0;
  for (let k = 0; k < steps; k++) {
    const max = prio.reduce((m, p) => (p > m ? p : m)), min = prio.reduce((m, p) => (p < m ? p : m));
    if (max - min > 2n * total) throw new Error('rescale would fire');
    const avg = prio.reduce((s, p) => s + p, 0n) / BigInt(prio.length);
    for (let i = 0; i < prio.length; i++) prio[i] = prio[i]! - avg + sorted[i]!.power;
    let best = 0;
    for (let i = 1; i < prio.length; i++) if (prio[i]! > prio[best]!) best = i;
    prio[best] = prio[best]! - total;
    picks.push(sorted[best]!.id);
    const spread = Number(prio.reduce((m, p) => (p > m ? p : m)) - prio.reduce((m, p) => (p < m ? p : m)));
    maxSpread = Math.max(maxSpread, spread / Number(total));
  }
  return { picks, maxSpreadOverTotal: maxSpread };
}

describe('proposer', () => {
  const sets: Array<[string, number[]]> = [
    ['equal powers', [1, 1, 1, 1]],
    ['unequal powers', [1, 2, 3, 4]],
    ['one heavy validator', [10, 1, 1, 1, 1, 1, 1]],
    ['powers with a common factor', [300, 100, 200]],
    ['a single validator', [5]],
  ];
  for (const [name, powers] of sets) {
    it(`behavior: ${name}: equals CometBFT's priority algorithm run from genesis for height+round steps`, () => {
      const set = vs(powers);
      const comet = cometSequence(set, 60);
      assert.ok(comet.maxSpreadOverTotal < 2, 'the spread stays under 2·total, so CometBFT never rescales');
      for (let h = 0; h < 40; h++) for (let r = 0; r < 20; r++) assert.equal(proposer(set, BigInt(h), r), comet.picks[h + r], `h=${h} r=${r}`);
    });
  }

  it('behavior: depends only on height + round, and on the set not its order', () => {
    const set = vs([3, 1, 4, 1, 5]);
    const shuffled = [set[3]!, set[0]!, set[4]!, set[2]!, set[1]!];
    for (let h = 0n; h < 30n; h++) {
      for (let r = 1; r < 10; r++) {
        assert.equal(proposer(set, h, r), proposer(set, h + 1n, r - 1));
        assert.equal(proposer(shuffled, h, r), proposer(set, h, r));
      }
    }
  });

  it('behavior: fair: over any window of total-power consecutive heights each validator proposes power times', () => {
    const powers = [5, 1, 3, 7, 2];
    const set = vs(powers);
    for (const startHeight of [0n, 1n, 17n, 1_000_003n]) {
      const counts = new Map<string, number>();
      for (let i = 0n; i < 18n; i++) {
        const p = proposer(set, startHeight + i, 0);
        counts.set(p, (counts.get(p) ?? 0) + 1);
      }
      assert.deepEqual(set.map((v) => counts.get(v.id) ?? 0), powers, `window from ${startHeight}`);
    }
  });

  it('behavior: smooth: with equal powers a failed round hands over to the next validator', () => {
    const set = vs([1, 1, 1, 1]);
    const rounds = proposerSchedule(set, 9n, 8);
    assert.equal(new Set(rounds.slice(0, 4)).size, 4);
    assert.deepEqual(rounds.slice(4), rounds.slice(0, 4));
  });

  it('behavior: scaling every power by a constant changes nothing; large stakes stay cheap', () => {
    const small = vs([2, 3, 5]);
    const large = small.map((v) => ({ id: v.id, power: v.power * 10n ** 18n }));
    assert.deepEqual(proposerSchedule(large, 123_456_789n, 12), proposerSchedule(small, 123_456_789n, 12));
  });

  it('behavior: proposerSchedule agrees with proposer round by round, across the period boundary', () => {
    const set = vs([1, 2, 3]);
    for (let h = 0n; h < 12n; h++) {
      const schedule = proposerSchedule(set, h, 15);
      schedule.forEach((p, r) => assert.equal(p, proposer(set, h, r)));
    }
  });
});
