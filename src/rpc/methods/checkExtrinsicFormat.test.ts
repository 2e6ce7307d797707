import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexToU8a } from '@polkadot/util';
import { checkExtrinsicFormat } from './checkExtrinsicFormat.ts';
import { RpcMethodError } from './RpcMethodError.ts';

const ok = ['0x00', '0x0c010203', `0x0501${'00'.repeat(65)}`];
const bad: [string, RegExp][] = [
  ['0x', /length prefix/],
  ['0x1001', /announces 4 bytes but 1 follow/],
  ['0x0401ff', /announces 1 bytes but 2 follow/],
  ['0x03', /length prefix/],
];

for (const hex of ok) {
  test(`args: ${hex.slice(0, 12)} is one length-prefixed extrinsic`, () => {
    assert.doesNotThrow(() => checkExtrinsicFormat(hexToU8a(hex)));
  });
}

for (const [hex, message] of bad) {
  test(`error: ${hex} is BAD_FORMAT`, () => {
    assert.throws(() => checkExtrinsicFormat(hexToU8a(hex)), (e: unknown) => e instanceof RpcMethodError && e.code === 'BAD_FORMAT' && message.test(e.message));
  });
}
