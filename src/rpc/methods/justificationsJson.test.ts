import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TypeRegistry } from '@polkadot/types';
import type { Justifications } from '@polkadot/types/interfaces';
import { ScaleError } from '../../primitives/scale.ts';
import { justificationsJson } from './justificationsJson.ts';

test('behavior: Justifications decode to serde arrays, which polkadot-js reads back', () => {
  const registry = new TypeRegistry();
  const encoded = registry.createType('Justifications', [[[0x46, 0x52, 0x4e, 0x4b], '0x010203'], [[0x42, 0x45, 0x45, 0x46], '0x']]).toU8a();
  const json = justificationsJson(encoded);
  assert.deepEqual(json, [[[70, 82, 78, 75], [1, 2, 3]], [[66, 69, 69, 70], []]]);
  const back = registry.createType<Justifications>('Justifications', json);
  assert.equal(back.toHex(), registry.createType('Justifications', encoded).toHex());
  assert.equal(back[0]?.[0].toHuman(), 'FRNK');
});

test('behavior: no justifications is an empty list', () => {
  assert.deepEqual(justificationsJson(Uint8Array.of(0)), []);
});

test('error: truncated or trailing bytes are ScaleErrors', () => {
  assert.throws(() => justificationsJson(Uint8Array.of(4, 1, 2)), ScaleError);
  assert.throws(() => justificationsJson(Uint8Array.of(4, 1, 2, 3, 4, 8, 1)), ScaleError);
  assert.throws(() => justificationsJson(Uint8Array.of(0, 9)), ScaleError);
});
