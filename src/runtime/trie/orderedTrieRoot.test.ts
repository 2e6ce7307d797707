import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calculate_state_root } from '@acala-network/chopsticks-executor';
import { compactToU8a, u8aToHex } from '@polkadot/util';
import { orderedTrieRoot } from './orderedTrieRoot.ts';
import { seededRng, toHexPairs } from './trieTestData.ts';

describe('orderedTrieRoot', () => {
  it('behavior: no values gives the empty root', () => {
    assert.equal(u8aToHex(orderedTrieRoot([], 1)), '0x03170a2e7597b7b7e3d84c05391d139a62b157e78786d8c082f29dcf4c111314');
  });

  for (const version of [0, 1] as const) {
    it(`behavior: matches calculate_state_root over Compact<u32>(index) keys (v${version})`, async () => {
      const rng = seededRng(99 + version);
      // 70 values cross the 1-byte/2-byte compact boundary at index 64.
      for (const count of [1, 2, 3, 16, 17, 70]) {
        const values = Array.from({ length: count }, () => rng.bytes(rng.pick([0, 5, 32, 33, 140])));
        const expected = await calculate_state_root(toHexPairs(values.map((v, i) => [compactToU8a(i), v] as const)), version);
        assert.equal(u8aToHex(orderedTrieRoot(values, version)), expected, `${count} values`);
      }
    });
  }
});
