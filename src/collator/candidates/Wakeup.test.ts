import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Wakeup } from './Wakeup.ts';

test('behavior: Wakeup ends a long wait at wake(), and remembers a wake() that came while nobody waited', async () => {
  const w = new Wakeup();
  const order: string[] = [];
  const waiting = w.wait(3_600_000).then(() => order.push('woken'));
  w.wake();
  await waiting;
  w.wake();
  await w.wait(3_600_000); // returns at once: the wake-up was kept
  order.push('remembered');
  await w.wait(0); // a plain short sleep still works
  assert.deepEqual(order, ['woken', 'remembered']);
});
