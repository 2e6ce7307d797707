import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from './backoffDelay.ts';

test('behavior: backoff doubles from the initial delay and is capped', () => {
  const params = { initialDelayMs: 100, maxDelayMs: 1_000 };
  const table: [number, number][] = [
    [0, 100],
    [1, 200],
    [2, 400],
    [3, 800],
    [4, 1_000],
    [60, 1_000],
    [10_000, 1_000],
  ];
  for (const [attempt, delay] of table) assert.equal(backoffDelay(attempt, params), delay, `attempt ${attempt}`);
});
