import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arrayParam, boolParam, hexParam, numberParam, stringParam, u32Param } from './params.ts';
import { RpcError } from './RpcError.ts';

const HASH = `0x${'ab'.repeat(32)}`;

test('args: param helpers accept what Substrate accepts', () => {
  const cases: [string, () => unknown, unknown][] = [
    ['hex', () => hexParam(['0xABcd'], 0), '0xabcd'],
    ['empty hex', () => hexParam(['0x'], 0), '0x'],
    ['hash of 32 bytes', () => hexParam([HASH], 0, { bytes: 32 }), HASH],
    ['optional hex absent', () => hexParam([], 0, { optional: true }), undefined],
    ['optional hex null', () => hexParam([null], 0, { optional: true, bytes: 32 }), undefined],
    ['number', () => numberParam([42], 0), 42n],
    ['number as hex', () => numberParam(['0x2a'], 0), 42n],
    ['u256 hex', () => numberParam([`0x${'f'.repeat(64)}`], 0), (1n << 256n) - 1n],
    ['optional number', () => numberParam([null], 0, { optional: true }), undefined],
    ['u32', () => u32Param([7], 0), 7],
    ['u32 max as hex', () => u32Param(['0xffffffff'], 0), 0xffff_ffff],
    ['optional u32', () => u32Param([], 0, { optional: true }), undefined],
    ['bool', () => boolParam([false], 0), false],
    ['string', () => stringParam(['a'], 0), 'a'],
    ['array', () => arrayParam([[1, 2]], 0), [1, 2]],
    ['optional array', () => arrayParam([undefined], 0, { optional: true }), undefined],
  ];
  for (const [name, run, expected] of cases) assert.deepEqual(run(), expected, name);
});

test('args: param helpers reject with INVALID_PARAMS naming the param', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['missing', () => hexParam([], 0, { name: 'key' }), /param 0 \(key\) is missing/],
    ['null required', () => hexParam([null], 0), /param 0 is missing/],
    ['not hex', () => hexParam(['zz'], 0), /0x-prefixed hex/],
    ['odd hex', () => hexParam(['0xabc'], 0), /0x-prefixed hex/],
    ['wrong length', () => hexParam(['0xab'], 1 - 1, { bytes: 32, name: 'at' }), /param 0 \(at\) must be 32 bytes, got 1/],
    ['number as hex param', () => hexParam([5], 0), /got number 5/],
    ['negative', () => numberParam([-1], 0), /unsigned integer/],
    ['fraction', () => numberParam([1.5], 0), /unsigned integer/],
    ['unsafe integer', () => numberParam([2 ** 60], 0), /unsigned integer/],
    ['decimal string', () => numberParam(['12'], 0), /unsigned integer/],
    ['bare 0x', () => numberParam(['0x'], 0), /unsigned integer/],
    ['over max', () => numberParam([11], 0, { max: 10n }), /at most 10, got 11/],
    ['u32 overflow', () => u32Param(['0x100000000'], 0, { name: 'blockNumber' }), /param 0 \(blockNumber\) must be at most 4294967295/],
    ['bool', () => boolParam(['true'], 0), /must be a boolean/],
    ['string', () => stringParam([1], 2 - 2), /must be a string/],
    ['array', () => arrayParam([{}], 0), /must be an array, got an object/],
    ['second param', () => stringParam(['a'], 1, { name: 'b' }), /param 1 \(b\) is missing/],
  ];
  for (const [name, run, message] of cases) {
    assert.throws(run, (err: unknown) => {
      assert.ok(err instanceof RpcError, name);
      assert.equal(err.code, 'INVALID_PARAMS', name);
      assert.equal(err.jsonRpcCode, -32602, name);
      assert.match(err.message, message, name);
      return true;
    });
  }
});
