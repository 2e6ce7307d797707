import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { create_proof } from '@acala-network/chopsticks-executor';
import { u8aToHex } from '@polkadot/util';
import { blake2_256 } from './blake2_256.ts';
import { MemoryNodeSource } from './MemoryNodeSource.ts';
import { compareBytes } from './nibbles.ts';
import { decodeNode } from './nodeCodec.ts';
import { Trie } from './Trie.ts';
import { TrieCodecError } from './TrieCodecError.ts';
import { TrieNodeMissingError } from './TrieNodeMissingError.ts';
import { trieRoot } from './trieRoot.ts';
import { randomEntries, randomValue, seededRng, toHexPairs } from './trieTestData.ts';
import type { StateVersion } from './types.ts';

const hex = (u: Uint8Array): string => u8aToHex(u);
const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);

/** A reference model: a Map keyed by hex. */
class Model {
  readonly map = new Map<string, [Uint8Array, Uint8Array]>();
  set(k: Uint8Array, v: Uint8Array): void {
    this.map.set(hex(k), [k, v]);
  }
  delete(k: Uint8Array): void {
    this.map.delete(hex(k));
  }
  sortedKeys(prefix: Uint8Array = new Uint8Array(0)): Uint8Array[] {
    return [...this.map.values()]
      .map(([k]) => k)
      .filter((k) => k.length >= prefix.length && prefix.every((b, i) => k[i] === b))
      .sort(compareBytes);
  }
}

function committed(source: MemoryNodeSource, trie: Trie): Uint8Array {
  const { root, nodes } = trie.commit();
  source.putAll(nodes);
  return root;
}

describe('Trie', () => {
  for (const version of [0, 1] as const) {
    it(`behavior: incremental commits equal trieRoot after random set/delete rounds (v${version})`, () => {
      for (let seed = 1; seed <= 6; seed++) {
        const rng = seededRng(seed * 31 + version);
        const source = new MemoryNodeSource();
        const model = new Model();
        let root: Uint8Array | null = null;
        const pool = randomEntries(rng, 300);
        for (let round = 0; round < 8; round++) {
          // Each round reopens the trie from the last root, as a node does per block.
          const trie: Trie = new Trie(source, root, version);
          const ops = rng.int(120) + 1;
          for (let i = 0; i < ops; i++) {
            const [key] = rng.pick(pool);
            if (rng.next() < 0.3) {
              trie.delete(key);
              model.delete(key);
            } else {
              const value = randomValue(rng);
              trie.set(key, value);
              model.set(key, value);
            }
          }
          const expected = trieRoot(model.map.values(), version);
          assert.deepEqual(trie.root(), expected, `seed ${seed} round ${round} root()`);
          root = committed(source, trie);
          assert.deepEqual(root, expected, `seed ${seed} round ${round} commit()`);
        }
        const reopened = new Trie(source, root, version);
        for (const [k, v] of model.map.values()) assert.deepEqual(reopened.get(k), v);
        assert.equal(reopened.keys(new Uint8Array(0)).length, model.map.size);
      }
    });
  }

  it('behavior: older roots stay readable after later commits', () => {
    const source = new MemoryNodeSource();
    const trie = new Trie(source, null, 1);
    const k1 = bytes(1, 2, 3);
    const k2 = bytes(1, 2, 4);
    trie.set(k1, new Uint8Array(40).fill(1));
    trie.set(k2, bytes(2));
    const r1 = committed(source, trie);
    trie.set(k1, bytes(9));
    trie.delete(k2);
    trie.set(bytes(7), new Uint8Array(50).fill(7));
    const r2 = committed(source, trie);
    assert.notDeepEqual(r1, r2);
    const old = new Trie(source, r1, 1);
    assert.deepEqual(old.get(k1), new Uint8Array(40).fill(1));
    assert.deepEqual(old.get(k2), bytes(2));
    assert.equal(old.get(bytes(7)), undefined);
    const current = new Trie(source, r2, 1);
    assert.deepEqual(current.get(k1), bytes(9));
    assert.equal(current.get(k2), undefined);
  });

  it('behavior: a commit after one change hands out only the nodes on that path', () => {
    const rng = seededRng(5);
    const source = new MemoryNodeSource();
    const trie = new Trie(source, null, 1);
    const entries = randomEntries(rng, 2000);
    for (const [k, v] of entries) trie.set(k, v);
    const first = trie.commit();
    source.putAll(first.nodes);
    assert.ok(first.nodes.length > 500);
    const reopened = new Trie(source, first.root, 1);
    reopened.set(entries[17]![0], new Uint8Array(64).fill(3));
    const second = reopened.commit();
    // The path of one key: a handful of branches, the leaf and its hashed value.
    assert.ok(second.nodes.length <= 12, `${second.nodes.length} nodes`);
    for (const [hash, node] of second.nodes) assert.deepEqual(blake2_256(node), hash);
    assert.deepEqual(reopened.commit().nodes, [], 'nothing new after a second commit');
    reopened.set(entries[18]![0], entries[18]![1]);
    assert.deepEqual(reopened.commit(), { root: second.root, nodes: [] }, 'rewriting a value unchanged changes nothing');
  });

  it('behavior: commit reports hashed values in v1 and never in v0', () => {
    for (const version of [0, 1] as const) {
      const trie = new Trie(new MemoryNodeSource(), null, version);
      const big = new Uint8Array(33).fill(5);
      trie.set(bytes(1), big);
      trie.set(bytes(2), new Uint8Array(32).fill(6));
      const values = trie.commit().nodes.filter(([, n]) => hex(n) === hex(big));
      assert.equal(values.length, version === 1 ? 1 : 0);
    }
  });

  it('behavior: v0 commits produce the same node set as smoldot (chopsticks create_proof)', async () => {
    for (let seed = 1; seed <= 5; seed++) {
      const rng = seededRng(seed + 500);
      const entries = randomEntries(rng, 40);
      const trie = new Trie(new MemoryNodeSource(), null, 0);
      for (const [k, v] of entries) trie.set(k, v);
      const ours = trie.commit();
      const [root, nodes] = (await create_proof([], toHexPairs(entries))) as [string, string[]];
      assert.equal(hex(ours.root), root);
      assert.deepEqual(ours.nodes.map(([, n]) => hex(n)).sort(), [...nodes].sort());
    }
  });

  it('behavior: keys() is in byte order, filtered by prefix, and pages with startAfter/limit', () => {
    const rng = seededRng(11);
    const source = new MemoryNodeSource();
    const writer = new Trie(source, null, 1);
    const model = new Model();
    for (const [k, v] of randomEntries(rng, 400)) {
      writer.set(k, v);
      model.set(k, v);
    }
    const trie = new Trie(source, committed(source, writer), 1);
    const all = model.sortedKeys();
    assert.deepEqual(trie.keys(new Uint8Array(0)).map(hex), all.map(hex));
    const prefix = all[200]!.subarray(0, 2);
    assert.deepEqual(trie.keys(prefix).map(hex), model.sortedKeys(prefix).map(hex));
    for (const pageSize of [1, 7, 50]) {
      const paged: Uint8Array[] = [];
      let after: Uint8Array | undefined;
      for (;;) {
        const page = trie.keys(new Uint8Array(0), after, pageSize);
        paged.push(...page);
        if (page.length < pageSize) break;
        after = page[page.length - 1];
      }
      assert.deepEqual(paged.map(hex), all.map(hex), `page size ${pageSize}`);
    }
    // startAfter that is not a key, shorter than keys, or beyond them all.
    const probe = all[100]!;
    const between = new Uint8Array([...probe, 0]);
    assert.deepEqual(trie.keys(new Uint8Array(0), between, 3).map(hex), all.filter((k) => compareBytes(k, between) > 0).slice(0, 3).map(hex));
    const short = probe.subarray(0, 1);
    assert.deepEqual(trie.keys(new Uint8Array(0), short, 2).map(hex), all.filter((k) => compareBytes(k, short) > 0).slice(0, 2).map(hex));
    assert.deepEqual(trie.keys(new Uint8Array(0), new Uint8Array(300).fill(0xff)), []);
    assert.deepEqual(trie.keys(new Uint8Array(0), undefined, 0), []);
  });

  it('behavior: entries() yields every pair under the prefix in key order', () => {
    const trie = new Trie(new MemoryNodeSource(), null, 1);
    const big = new Uint8Array(100).fill(1);
    trie.set(bytes(1, 1), big);
    trie.set(bytes(1), bytes(0));
    trie.set(bytes(1, 0, 9), bytes(2));
    trie.set(bytes(2), bytes(3));
    assert.deepEqual(
      [...trie.entries(bytes(1))].map(([k, v]) => [hex(k), hex(v)]),
      [
        ['0x01', '0x00'],
        ['0x010009', '0x02'],
        ['0x0101', hex(big)],
      ],
    );
    assert.deepEqual([...trie.entries(bytes(3))], []);
  });

  it('behavior: deletePrefix removes in key order up to the limit and returns the count', () => {
    const source = new MemoryNodeSource();
    const trie = new Trie(source, null, 1);
    const model = new Model();
    for (let i = 0; i < 50; i++) {
      for (const k of [bytes(0xaa, i), bytes(0xab, i), bytes(0xaa)]) {
        trie.set(k, bytes(i));
        model.set(k, bytes(i));
      }
    }
    const root = committed(source, trie);
    const limited = new Trie(source, root, 1);
    assert.equal(limited.deletePrefix(bytes(0xaa), 10), 10);
    const removed = model.sortedKeys(bytes(0xaa)).slice(0, 10);
    for (const k of removed) model.delete(k);
    assert.deepEqual(limited.root(), trieRoot(model.map.values(), 1));
    assert.equal(limited.get(bytes(0xaa)), undefined, 'the prefix key itself sorts first');
    assert.equal(limited.deletePrefix(bytes(0xaa)), 41);
    for (const k of model.sortedKeys(bytes(0xaa))) model.delete(k);
    assert.deepEqual(limited.root(), trieRoot(model.map.values(), 1));
    assert.equal(limited.deletePrefix(bytes(0xaa)), 0);
    assert.equal(limited.deletePrefix(new Uint8Array(0)), 50);
    assert.deepEqual(limited.commit(), { root: trieRoot([], 1), nodes: [] });
  });

  it('behavior: closestDescendantMerkleValue gives the root hash, hashes and inline encodings', () => {
    const source = new MemoryNodeSource();
    const trie = new Trie(source, null, 1);
    trie.set(bytes(0x10, 0x01), bytes(1)); // small leaves, inline in their branch
    trie.set(bytes(0x10, 0x02), bytes(2));
    trie.set(bytes(0x20, 0x00, 0x00), new Uint8Array(40).fill(9)); // hashed value: leaf of 34+ bytes
    const root = committed(source, trie);
    assert.deepEqual(trie.closestDescendantMerkleValue(new Uint8Array(0)), root);
    assert.equal(trie.closestDescendantMerkleValue(bytes(0x30)), undefined);
    assert.equal(trie.closestDescendantMerkleValue(bytes(0x10, 0x03)), undefined);

    const inline = trie.closestDescendantMerkleValue(bytes(0x10, 0x01))!;
    assert.ok(inline.length < 32);
    assert.deepEqual(decodeNode(inline)!.value, { kind: 'inline', data: bytes(1) });
    // The branch at 0x10 holds both small leaves; a prefix inside its partial key still finds it.
    const branch = trie.closestDescendantMerkleValue(bytes(0x10))!;
    const branchEncoding = branch.length === 32 ? source.getNode(branch)! : branch;
    assert.equal(decodeNode(branchEncoding)!.children!.filter(Boolean).length, 2);

    const leafHash = trie.closestDescendantMerkleValue(bytes(0x20))!;
    assert.equal(leafHash.length, 32);
    assert.deepEqual(trie.closestDescendantMerkleValue(bytes(0x20, 0x00)), leafHash);
    assert.ok(source.getNode(leafHash), 'a hashed merkle value names a stored node');

    const single = new Trie(new MemoryNodeSource(), null, 1);
    single.set(bytes(1), bytes(1));
    assert.deepEqual(single.closestDescendantMerkleValue(bytes(1)), single.root(), 'the root is always hashed');
    assert.equal(new Trie(new MemoryNodeSource(), null, 1).closestDescendantMerkleValue(new Uint8Array(0)), undefined);
  });

  it('behavior: values already stored keep their form when another version writes elsewhere', () => {
    const source = new MemoryNodeSource();
    const v0 = new Trie(source, null, 0);
    const old = new Uint8Array(40).fill(4);
    v0.set(bytes(1, 1), old);
    v0.set(bytes(1, 2), bytes(5));
    const root0 = committed(source, v0);
    const v1 = new Trie(source, root0, 1);
    v1.set(bytes(1, 3), bytes(6));
    const root1 = committed(source, v1);
    // The 40-byte value written under v0 is still inline: v0 root of the same entries.
    assert.deepEqual(root1, trieRoot([[bytes(1, 1), old], [bytes(1, 2), bytes(5)], [bytes(1, 3), bytes(6)]], 0));
    // Rewriting it under v1 moves it out of its node.
    v1.set(bytes(1, 1), old);
    assert.deepEqual(v1.root(), trieRoot([[bytes(1, 1), old], [bytes(1, 2), bytes(5)], [bytes(1, 3), bytes(6)]], 1));
  });

  it('args: an empty trie, an absent key and deleting an absent key', () => {
    for (const root of [null, trieRoot([], 0)]) {
      const trie = new Trie(new MemoryNodeSource(), root, 1);
      assert.equal(trie.get(bytes(1)), undefined);
      trie.delete(bytes(1));
      assert.deepEqual(trie.keys(new Uint8Array(0)), []);
      assert.deepEqual(trie.commit(), { root: trieRoot([], 1), nodes: [] });
    }
    const trie = new Trie(new MemoryNodeSource(), null, 1);
    trie.set(new Uint8Array(0), bytes(1));
    trie.set(bytes(1, 2), bytes(2));
    const before = trie.root();
    trie.delete(bytes(1));
    trie.delete(bytes(1, 2, 3));
    assert.deepEqual(trie.root(), before);
    assert.deepEqual(trie.get(new Uint8Array(0)), bytes(1), 'the empty key is a key');
  });

  it('error: a key over 32767 bytes is KEY_TOO_LONG', () => {
    assert.throws(
      () => new Trie(new MemoryNodeSource(), null, 1).set(new Uint8Array(32768), bytes(1)),
      (e: unknown) => e instanceof TrieCodecError && e.code === 'KEY_TOO_LONG',
    );
  });

  it('error: a node absent from the source throws TrieNodeMissingError with its hash', () => {
    const missing = new Uint8Array(32).fill(0x42);
    const trie = new Trie(new MemoryNodeSource(), missing, 1);
    assert.throws(
      () => trie.get(bytes(1)),
      (e: unknown) => e instanceof TrieNodeMissingError && e.code === 'NODE_MISSING' && hex(e.hash) === hex(missing),
    );
    // A hashed value whose node is absent.
    const source = new MemoryNodeSource();
    const writer = new Trie(source, null, 1);
    writer.set(bytes(1), new Uint8Array(33).fill(1));
    writer.set(bytes(2), bytes(2));
    const { root, nodes } = writer.commit();
    for (const [h, n] of nodes) if (n.length !== 33) source.put(h, n);
    const reader = new Trie(source, root, 1 satisfies StateVersion);
    assert.deepEqual(reader.get(bytes(2)), bytes(2));
    assert.throws(() => reader.get(bytes(1)), TrieNodeMissingError);
  });
});
