import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareBytes, decodeU64BE, encodeU64BE, prefixUpperBound } from './bytes.ts';

const b = (...x: number[]): Uint8Array => Uint8Array.from(x);

test('behavior: compareBytes orders like LMDB keys (table)', () => {
  const table: ReadonlyArray<[Uint8Array, Uint8Array, -1 | 0 | 1]> = [
    [b(), b(), 0],
    [b(), b(0), -1],
    [b(1), b(1, 0), -1],
    [b(1, 0xff), b(2), -1],
    [b(2), b(1, 0xff), 1],
    [b(5, 5), b(5, 5), 0],
  ];
  for (const [x, y, sign] of table) assert.equal(Math.sign(compareBytes(x, y)), sign, `${x} vs ${y}`);
});

test('behavior: prefixUpperBound is the first key after every key with the prefix (table)', () => {
  const table: ReadonlyArray<[Uint8Array, Uint8Array | undefined]> = [
    [b(), undefined],
    [b(0xff), undefined],
    [b(0xff, 0xff), undefined],
    [b(1), b(2)],
    [b(1, 0xff), b(2)],
    [b(1, 2, 0xff, 0xff), b(1, 3)],
  ];
  for (const [prefix, bound] of table) assert.deepEqual(prefixUpperBound(prefix), bound, `${prefix}`);
});

test('args: u64 big-endian keys round-trip and keep numeric order; out of range throws', () => {
  for (const n of [0n, 1n, 255n, 256n, 2n ** 32n, 2n ** 64n - 1n]) assert.equal(decodeU64BE(encodeU64BE(n)), n);
  assert.ok(compareBytes(encodeU64BE(255n), encodeU64BE(256n)) < 0);
  assert.throws(() => encodeU64BE(-1n), RangeError);
  assert.throws(() => encodeU64BE(2n ** 64n), RangeError);
});
