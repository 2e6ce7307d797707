import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calculate_state_root } from '@acala-network/chopsticks-executor';
import { u8aToHex } from '@polkadot/util';
import { trieRoot } from './trieRoot.ts';
import { emptyTrieRoot } from './emptyTrieRoot.ts';
import { randomEntries, seededRng, toHexPairs, VALUE_LENGTHS } from './trieTestData.ts';
import type { StateVersion } from './types.ts';

const EMPTY = '0x03170a2e7597b7b7e3d84c05391d139a62b157e78786d8c082f29dcf4c111314';

async function reference(entries: Array<[Uint8Array, Uint8Array]>, version: StateVersion): Promise<string> {
  return (await calculate_state_root(toHexPairs(entries), version)) as string;
}

describe('trieRoot', () => {
  it('behavior: the empty trie has Substrate\'s empty root in both versions', () => {
    assert.equal(u8aToHex(trieRoot([], 0)), EMPTY);
    assert.equal(u8aToHex(trieRoot([], 1)), EMPTY);
    assert.equal(u8aToHex(emptyTrieRoot()), EMPTY);
  });

  for (const version of [0, 1] as const) {
    it(`behavior: single keys with values of every threshold length match chopsticks (v${version})`, async () => {
      const rng = seededRng(7 + version);
      for (const length of VALUE_LENGTHS) {
        for (const key of [new Uint8Array(0), rng.bytes(1), rng.bytes(32), rng.bytes(200)]) {
          const entries: Array<[Uint8Array, Uint8Array]> = [[key, rng.bytes(length)]];
          assert.equal(u8aToHex(trieRoot(entries, version)), await reference(entries, version), `key ${key.length}B value ${length}B`);
        }
      }
    });

    it(`behavior: seeded random key sets match chopsticks calculate_state_root (v${version})`, async () => {
      for (let seed = 1; seed <= 30; seed++) {
        const rng = seededRng(seed * 101 + version);
        const entries = randomEntries(rng, rng.pick([2, 3, 5, 17, 60, 250]));
        assert.equal(u8aToHex(trieRoot(entries, version)), await reference(entries, version), `seed ${seed}`);
      }
    });
  }

  it('behavior: the versions differ only when a value reaches 33 bytes', () => {
    const key = new Uint8Array([1, 2, 3]);
    assert.deepEqual(trieRoot([[key, new Uint8Array(32)]], 0), trieRoot([[key, new Uint8Array(32)]], 1));
    assert.notDeepEqual(trieRoot([[key, new Uint8Array(33)]], 0), trieRoot([[key, new Uint8Array(33)]], 1));
  });

  it('args: a repeated key keeps its last value, and input order does not matter', () => {
    const a = new Uint8Array([0xaa]);
    const b = new Uint8Array([0xab, 0x01]);
    const expected = trieRoot([[a, new Uint8Array([2])], [b, new Uint8Array([3])]], 1);
    assert.deepEqual(trieRoot([[b, new Uint8Array([3])], [a, new Uint8Array([1])], [a, new Uint8Array([2])]], 1), expected);
  });
});
