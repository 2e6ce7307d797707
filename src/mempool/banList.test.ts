import assert from 'node:assert/strict';
import { it } from 'node:test';
import { BanList } from './banList.ts';

it('behavior: bans expire by the injected clock; re-banning extends; unban lifts', () => {
  let now = 0;
  const bans = new BanList(100, () => now);
  bans.ban('a');
  now = 50;
  bans.ban('b');
  assert.equal(bans.isBanned('a'), true);
  now = 100;
  assert.equal(bans.isBanned('a'), false);
  assert.equal(bans.isBanned('b'), true);
  bans.ban('b'); // until 200
  now = 160;
  assert.equal(bans.isBanned('b'), true);
  bans.unban('b');
  assert.equal(bans.isBanned('b'), false);
});

it('behavior: past maxEntries the oldest bans are forgotten', () => {
  const bans = new BanList(1_000, () => 0, 3);
  for (const k of ['a', 'b', 'c', 'd']) bans.ban(k);
  assert.equal(bans.size, 3);
  assert.deepEqual(['a', 'b', 'c', 'd'].map((k) => bans.isBanned(k)), [false, true, true, true]);
});
