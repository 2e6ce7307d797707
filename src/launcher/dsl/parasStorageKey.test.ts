import assert from 'node:assert/strict';
import { it } from 'node:test';
import { u8aToHex } from '@polkadot/util';
import { xxhashAsU8a } from '@polkadot/util-crypto';
import { parasStorageKey } from './parasStorageKey.ts';

it('behavior: Paras.Paras(id) key is prefix ++ twox64(id LE) ++ id LE', () => {
  const prefix = u8aToHex(xxhashAsU8a('Paras', 128)).slice(2).repeat(2);
  const key = parasStorageKey(100);
  assert.equal(key.length, 2 + 2 * (32 + 8 + 4));
  assert.equal(key.slice(2, 66), prefix);
  assert.equal(key.slice(66, 82), u8aToHex(xxhashAsU8a(new Uint8Array([100, 0, 0, 0]), 64)).slice(2));
  assert.equal(key.slice(82), '64000000');
  assert.notEqual(parasStorageKey(200), key);
});
