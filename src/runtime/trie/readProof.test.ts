import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decode_proof } from '@acala-network/chopsticks-executor';
import { u8aToHex } from '@polkadot/util';
import { blake2_256 } from './blake2_256.ts';
import { MemoryNodeSource } from './MemoryNodeSource.ts';
import { compareBytes } from './nibbles.ts';
import { readProof, verifyReadProof } from './readProof.ts';
import { Trie } from './Trie.ts';
import { TrieNodeMissingError } from './TrieNodeMissingError.ts';
import { TrieProofError, type TrieProofErrorCode } from './TrieProofError.ts';
import { trieRoot } from './trieRoot.ts';
import { randomEntries, seededRng } from './trieTestData.ts';
import type { StateVersion } from './types.ts';

const hex = (u: Uint8Array): string => u8aToHex(u);
const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);

function build(entries: Array<[Uint8Array, Uint8Array]>, version: StateVersion): { source: MemoryNodeSource; root: Uint8Array } {
  const source = new MemoryNodeSource();
  const trie = new Trie(source, null, version);
  for (const [k, v] of entries) trie.set(k, v);
  const { root, nodes } = trie.commit();
  source.putAll(nodes);
  return { source, root };
}

function proofCode(fn: () => unknown): TrieProofErrorCode | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof TrieProofError) return e.code;
    throw e;
  }
  return undefined;
}

describe('readProof / verifyReadProof', () => {
  for (const version of [0, 1] as const) {
    it(`behavior: proofs of present and absent keys verify to the value or null (v${version})`, async () => {
      for (let seed = 1; seed <= 8; seed++) {
        const rng = seededRng(seed * 13 + version);
        const entries = randomEntries(rng, 150);
        const { source, root } = build(entries, version);
        const present = Array.from({ length: 6 }, () => rng.pick(entries));
        const absent = [rng.bytes(3), new Uint8Array([...present[0]![0], 0x77]), present[1]![0].subarray(0, 1)].filter(
          (k) => !entries.some(([e]) => hex(e) === hex(k)),
        );
        const keys = [...present.map(([k]) => k), ...absent];
        const proof = readProof(source, root, keys);
        const sorted = [...proof].sort(compareBytes);
        assert.deepEqual(proof, sorted, 'sorted by bytes');
        assert.equal(new Set(proof.map(hex)).size, proof.length, 'no duplicates');
        for (const [k, v] of present) assert.deepEqual(verifyReadProof(root, proof, k), v);
        for (const k of absent) assert.equal(verifyReadProof(root, proof, k), null);

        // smoldot (chopsticks decode_proof) reads the same proof: every value it sees agrees with ours.
        const decoded = (await decode_proof(hex(root), proof.map(hex))) as Array<[string, string]>;
        const truth = new Map(entries.map(([k, v]) => [hex(k), hex(v)]));
        for (const [k, v] of decoded) assert.equal(v, truth.get(k), `smoldot value for ${k}`);
        const seen = new Set(decoded.map(([k]) => k));
        for (const [k] of present) assert.ok(seen.has(hex(k)), `smoldot sees ${hex(k)}`);
      }
    });
  }

  it('behavior: a proof for one key is a single path and nothing else', () => {
    const rng = seededRng(3);
    const entries = randomEntries(rng, 2000);
    const { source, root } = build(entries, 1);
    const [key, value] = entries[42]!;
    const proof = readProof(source, root, [key]);
    assert.ok(proof.length >= 1 && proof.length <= 10, `${proof.length} nodes`);
    assert.deepEqual(verifyReadProof(root, proof, key), value);
    assert.ok(proof.some((n) => hex(blake2_256(n)) === hex(root)), 'includes the root node');
  });

  it('behavior: a v1 proof carries a hashed value as its own node', () => {
    const big = new Uint8Array(64).fill(8);
    const { source, root } = build([[bytes(1), big], [bytes(2), bytes(1)]], 1);
    const proof = readProof(source, root, [bytes(1)]);
    assert.ok(proof.some((n) => hex(n) === hex(big)));
    assert.deepEqual(verifyReadProof(root, proof.filter((n) => hex(n) !== hex(big)), bytes(2)), bytes(1));
    assert.equal(proofCode(() => verifyReadProof(root, proof.filter((n) => hex(n) !== hex(big)), bytes(1))), 'INCOMPLETE_PROOF');
  });

  it('behavior: the empty trie proves every key absent with no nodes', () => {
    const empty = trieRoot([], 1);
    assert.deepEqual(readProof(new MemoryNodeSource(), empty, [bytes(1)]), []);
    assert.equal(verifyReadProof(empty, [], bytes(1)), null);
  });

  it('error: tampered, truncated and foreign proofs are rejected with typed codes', () => {
    const rng = seededRng(77);
    const entries = randomEntries(rng, 300);
    const { source, root } = build(entries, 1);
    const [key] = entries[5]!;
    const proof = readProof(source, root, [key]);
    assert.ok(proof.length >= 2);
    const rootIndex = proof.findIndex((n) => hex(blake2_256(n)) === hex(root));

    const flip = (i: number): Uint8Array[] =>
      proof.map((n, j) => {
        if (j !== i) return n;
        const copy = n.slice();
        copy[copy.length - 1] ^= 1;
        return copy;
      });
    assert.equal(proofCode(() => verifyReadProof(root, flip(rootIndex), key)), 'ROOT_MISMATCH');
    const inner = proof.findIndex((_, i) => i !== rootIndex);
    assert.equal(proofCode(() => verifyReadProof(root, flip(inner), key)), 'INCOMPLETE_PROOF');
    assert.equal(proofCode(() => verifyReadProof(root, proof.filter((_, i) => i !== inner), key)), 'INCOMPLETE_PROOF');
    assert.equal(proofCode(() => verifyReadProof(root, [], key)), 'INCOMPLETE_PROOF');
    assert.equal(proofCode(() => verifyReadProof(new Uint8Array(32).fill(1), proof, key)), 'ROOT_MISMATCH');

    const garbage = bytes(0x08, 1, 2);
    const err = (() => {
      try {
        verifyReadProof(blake2_256(garbage), [garbage], key);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof TrieProofError);
    assert.equal(err.code, 'BAD_NODE');
    assert.deepEqual(err.hash, blake2_256(garbage));
  });

  it('error: readProof throws TrieNodeMissingError when the source lacks a node', () => {
    assert.throws(() => readProof(new MemoryNodeSource(), new Uint8Array(32).fill(3), [bytes(1)]), TrieNodeMissingError);
  });
});
