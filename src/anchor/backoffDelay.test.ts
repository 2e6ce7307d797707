import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from './backoffDelay.ts';

test('behavior: backoffDelay doubles from the initial delay up to the cap', () => {
  const policy = { initialDelayMs: 100, maxDelayMs: 1_000 };
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 100, 10_000].map((a) => backoffDelay(a, policy)),
    [100, 200, 400, 800, 1_000, 1_000, 1_000, 1_000],
  );
});
