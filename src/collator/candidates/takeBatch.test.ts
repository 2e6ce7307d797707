import { test } from 'node:test';
import assert from 'node:assert/strict';
import { takeBatch } from './takeBatch.ts';

const limits = { maxCandidatePayloads: 3, maxCandidateBytes: 100 };

const cases: { desc: string; sizes: number[]; expected: number }[] = [
  { desc: 'empty queue', sizes: [], expected: 0 },
  { desc: 'everything fits', sizes: [10, 20], expected: 2 },
  { desc: 'count limit', sizes: [1, 1, 1, 1, 1], expected: 3 },
  { desc: 'byte limit reached exactly', sizes: [50, 50, 1], expected: 2 },
  { desc: 'byte limit: the next payload would exceed it', sizes: [60, 41], expected: 1 },
  { desc: 'a later small payload is not pulled ahead of a big one', sizes: [60, 50, 1], expected: 1 },
  { desc: 'single payload at the byte limit', sizes: [100], expected: 1 },
];

for (const { desc, sizes, expected } of cases) {
  test(`behavior: takeBatch — ${desc}`, () => {
    assert.equal(takeBatch(sizes, limits), expected);
  });
}

test('behavior: takeBatch splits a long queue into batches that each respect both limits', () => {
  const sizes = Array.from({ length: 11 }, (_, i) => 10 + (i % 4) * 25);
  const batches: number[][] = [];
  let rest = sizes;
  while (rest.length > 0) {
    const n = takeBatch(rest, limits);
    assert.ok(n > 0);
    batches.push(rest.slice(0, n));
    rest = rest.slice(n);
  }
  assert.deepEqual(batches.flat(), sizes);
  for (const b of batches) {
    assert.ok(b.length <= limits.maxCandidatePayloads);
    assert.ok(b.reduce((x, y) => x + y, 0) <= limits.maxCandidateBytes);
  }
});
