import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PeerScores, type ScoringParams } from './PeerScores.ts';

const PARAMS: ScoringParams = {
  rejectPenalty: 10,
  oversizePenalty: 25,
  protocolPenalty: 25,
  banThreshold: -25,
  banDurationMs: 60_000,
  recoveryPerSecond: 1,
};

function setup(): { scores: PeerScores; advance: (ms: number) => void } {
  let t = 0;
  return { scores: new PeerScores(PARAMS, () => t), advance: (ms) => void (t += ms) };
}

test('behavior: penalties lower the score, which heals toward 0 over time', () => {
  const { scores, advance } = setup();
  assert.equal(scores.score('p'), 0);
  assert.equal(scores.penalise('p', 10), false);
  assert.equal(scores.penalise('p', 10), false);
  assert.equal(scores.score('p'), -20);
  advance(5_000);
  assert.equal(scores.score('p'), -15);
  advance(60_000);
  assert.equal(scores.score('p'), 0, 'never heals above 0');
  assert.equal(scores.score('other'), 0);
});

test('behavior: crossing the threshold bans for the ban duration, then the peer starts afresh', () => {
  const { scores, advance } = setup();
  scores.penalise('p', 10);
  scores.penalise('p', 10);
  assert.equal(scores.penalise('p', 10), true);
  assert.equal(scores.isBanned('p'), true);
  assert.equal(scores.bannedUntil('p'), 60_000);
  assert.equal(scores.penalise('p', 100), false, 'a banned peer is not banned again');
  advance(59_999);
  assert.equal(scores.isBanned('p'), true);
  advance(1);
  assert.equal(scores.isBanned('p'), false);
  assert.equal(scores.bannedUntil('p'), undefined);
  assert.equal(scores.score('p'), 0);
});
