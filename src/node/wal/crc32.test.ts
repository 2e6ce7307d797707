import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32 } from './crc32.ts';

test('behavior: crc32 matches the IEEE check values', () => {
  const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
  const table: ReadonlyArray<[string, Uint8Array, number]> = [
    ['empty', new Uint8Array(0), 0x00000000],
    ['check string', utf8('123456789'), 0xcbf43926],
    ['one zero byte', Uint8Array.of(0), 0xd202ef8d],
    ['quick brown fox', utf8('The quick brown fox jumps over the lazy dog'), 0x414fa339],
  ];
  for (const [desc, input, expected] of table) assert.equal(crc32(input), expected, desc);
});
