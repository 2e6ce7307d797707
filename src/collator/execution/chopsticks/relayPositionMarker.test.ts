import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringToU8a, u8aToString } from '@polkadot/util';
import { decodeRelayPositionMarker, encodeRelayPositionMarker } from './relayPositionMarker.ts';

const hash = new Uint8Array(32).map((_, i) => i);

test('behavior: a marker round-trips and reads as text', () => {
  const marker = { paraId: 2000, relayBlockNumber: 12_345_678_901n, relayBlockHash: hash };
  const bytes = encodeRelayPositionMarker(marker);
  assert.match(u8aToString(bytes), /^spindle:v1:2000:12345678901:0x000102/);
  assert.deepEqual(decodeRelayPositionMarker(bytes), marker);
});

test('args: anything but a well-formed marker decodes to undefined', () => {
  const good = u8aToString(encodeRelayPositionMarker({ paraId: 1, relayBlockNumber: 2n, relayBlockHash: hash }));
  const table: readonly string[] = [
    '',
    'hello',
    good.replace('v1', 'v2'),
    good.replace(':1:', ':01:'),
    good.replace(':2:', ':-2:'),
    good.replace(':1:', ':4294967296:'),
    good.slice(0, -2),
    `${good}:extra`,
    good.replace('0x', 'zz'),
  ];
  for (const text of table) assert.equal(decodeRelayPositionMarker(stringToU8a(text)), undefined, text);
});
