import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AsyncQueue } from './AsyncQueue.ts';
import { SeenCache } from './SeenCache.ts';

const bytes = (n: number, fill: number): Uint8Array => new Uint8Array(n).fill(fill);

test('behavior: the queue yields pushed chunks in order, refuses past its limits, and ends after close', async () => {
  const q = new AsyncQueue({ maxItems: 3, maxBytes: 10 });
  assert.equal(q.push(bytes(4, 1)), true);
  assert.equal(q.push(bytes(4, 2)), true);
  assert.equal(q.push(bytes(3, 3)), false, 'over maxBytes');
  assert.equal(q.push(bytes(1, 4)), true);
  assert.equal(q.push(bytes(1, 5)), false, 'over maxItems');
  assert.deepEqual(q.size, { items: 3, bytes: 9 });
  const got: number[] = [];
  const consumer = (async () => {
    for await (const chunk of q) got.push(chunk[0]!);
  })();
  await Promise.resolve();
  assert.equal(q.push(bytes(2, 6)), true, 'room again once consumed');
  q.close();
  assert.equal(q.push(bytes(1, 7)), false, 'closed');
  await consumer;
  assert.deepEqual(got, [1, 2, 4, 6]);
  assert.deepEqual(q.size, { items: 0, bytes: 0 });
});

test('behavior: the seen cache reports duplicates and forgets the oldest id past capacity', () => {
  const seen = new SeenCache(2);
  assert.equal(seen.add('a'), true);
  assert.equal(seen.add('a'), false);
  seen.add('b');
  seen.add('c');
  assert.equal(seen.size, 2);
  assert.equal(seen.has('a'), false);
  assert.equal(seen.add('b'), false);
});
