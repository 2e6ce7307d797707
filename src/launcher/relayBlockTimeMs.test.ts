import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_RELAY_BLOCK_TIME_MS, relayBlockTimeMs } from './relayBlockTimeMs.ts';

describe('relayBlockTimeMs', () => {
  const table: [readonly string[], number][] = [
    [[], DEFAULT_RELAY_BLOCK_TIME_MS],
    [['--block-time', '1000'], 1000],
    [['--block-time=500'], 500],
    [['--block-time', '1000', '--rpc-cors=all', '--block-time=250'], 250],
    [['--block-time'], DEFAULT_RELAY_BLOCK_TIME_MS],
    [['--block-time', 'soon'], DEFAULT_RELAY_BLOCK_TIME_MS],
  ];
  for (const [args, expected] of table) {
    it(`args: ${JSON.stringify(args)} → ${expected}`, () => assert.equal(relayBlockTimeMs(args), expected));
  }
});
