import assert from 'node:assert/strict';
import { it } from 'node:test';
import { SeededRng } from './seededRng.ts';

it('behavior: the same seed gives the same sequence, another seed another one', () => {
  const a = new SeededRng(7), b = new SeededRng(7), c = new SeededRng(8);
  const seqA = Array.from({ length: 50 }, () => a.nextU32());
  assert.deepEqual(Array.from({ length: 50 }, () => b.nextU32()), seqA);
  assert.notDeepEqual(Array.from({ length: 50 }, () => c.nextU32()), seqA);
});

it('behavior: outputs stay in range and are roughly uniform', () => {
  const rng = new SeededRng(1);
  const buckets = new Array<number>(10).fill(0);
  for (let i = 0; i < 100_000; i++) {
    const x = rng.next();
    assert.ok(x >= 0 && x < 1);
    buckets[Math.floor(x * 10)]!++;
  }
  for (const b of buckets) assert.ok(Math.abs(b - 10_000) < 500, `bucket ${b}`);
  for (let i = 0; i < 1000; i++) {
    const r = rng.range(3, 5);
    assert.ok(r >= 3 && r <= 5 && Number.isInteger(r));
  }
});

it('behavior: shuffle is a permutation and fork is deterministic', () => {
  const rng = new SeededRng(3);
  const s = rng.shuffle([1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...s].sort(), [1, 2, 3, 4, 5, 6]);
  assert.equal(new SeededRng(9).fork(2).nextU32(), new SeededRng(9).fork(2).nextU32());
  assert.notEqual(new SeededRng(9).fork(2).nextU32(), new SeededRng(9).fork(3).nextU32());
});

it('error: pick from an empty list throws', () => {
  assert.throws(() => new SeededRng(1).pick([]), RangeError);
});
