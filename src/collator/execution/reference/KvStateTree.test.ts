import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { EMPTY_MERKLE_ROOT, merkleLeafHash, merkleProof, merkleRoot, merkleRootFromProof } from '../../../primitives/binaryMerkle.ts';
import { initHashing } from '../../../primitives/hashing.ts';
import { SeededRng } from '../../../testing/seededRng.ts';
import { kvStateLeaf, KvStateTree } from './KvStateTree.ts';

before(async () => {
  await initHashing();
});

const b = (key: string): Uint8Array => Buffer.from(key, 'latin1');

/** The root recomputed from scratch with the primitives' merkleRoot over the sorted leaves. */
function referenceRoot(tree: KvStateTree): Uint8Array {
  const entries = [...tree.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return merkleRoot(entries.map(([key, value]) => kvStateLeaf(b(key), value)));
}

describe('KvStateTree', () => {
  it('behavior: empty, single-entry and emptied-again roots', () => {
    const tree = new KvStateTree();
    assert.deepEqual(tree.root(), EMPTY_MERKLE_ROOT);
    tree.set('k', Uint8Array.of(1));
    assert.deepEqual(tree.root(), merkleLeafHash(kvStateLeaf(b('k'), Uint8Array.of(1))));
    tree.delete('k');
    tree.delete('never there');
    assert.deepEqual(tree.root(), EMPTY_MERKLE_ROOT);
    assert.equal(tree.size, 0);
  });

  for (const seed of [1, 2, 3]) {
    it(`behavior: after every batch of random sets/deletes the cached root equals merkleRoot over sorted leaves (seed ${seed})`, () => {
      const rng = new SeededRng(seed);
      const tree = new KvStateTree();
      // A small key space forces updates, re-inserts and deletes of the same keys; a wide range of batch
      // sizes exercises both the splice and the merge paths and levels that appear and vanish.
      const keyOf = (): string => String.fromCharCode(rng.int(3)) + 'key' + rng.int(400);
      for (let batch = 0; batch < 120; batch++) {
        const ops = rng.pick([0, 1, 2, 5, 40, 100]);
        for (let i = 0; i < ops; i++) {
          if (rng.chance(0.3)) tree.delete(keyOf());
          else tree.set(keyOf(), Uint8Array.of(rng.int(256), rng.int(256)));
        }
        if (batch % 17 === 16) for (const [key] of [...tree.entries()]) if (rng.chance(0.8)) tree.delete(key);
        assert.deepEqual(tree.root(), referenceRoot(tree), `batch ${batch}, ${tree.size} keys`);
      }
    });
  }

  it('behavior: the root depends on the entries, not on the order they were written in', () => {
    const rng = new SeededRng(5);
    const entries = Array.from({ length: 300 }, (_, i): [string, Uint8Array] => [`k${i}`, Uint8Array.of(i & 0xff)]);
    const one = new KvStateTree();
    const two = new KvStateTree();
    for (const [key, value] of entries) one.set(key, value);
    one.root();
    for (const [key, value] of rng.shuffle(entries)) {
      two.set(key, value);
      if (rng.chance(0.1)) two.root();
    }
    assert.deepEqual(one.root(), two.root());
  });

  it('behavior: an entry is provable with the primitives merkleProof against the root', () => {
    const tree = new KvStateTree();
    for (let i = 0; i < 37; i++) tree.set(`key${i}`, Uint8Array.of(i));
    const sorted = [...tree.entries()].sort(([x], [y]) => (x < y ? -1 : 1)).map(([key, value]) => kvStateLeaf(b(key), value));
    const index = 11;
    assert.deepEqual(merkleRootFromProof(sorted[index]!, merkleProof(sorted, index)), tree.root());
  });
});
