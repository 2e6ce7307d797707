import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChainStore } from './ChainStore.ts';
import type { BlockToCommit } from './ChainStore.ts';
import { crashBlock } from './crashBlock.fixture.ts';
import { LmdbKeyValueStore } from './LmdbKeyValueStore.ts';
import { MemoryKeyValueStore } from './MemoryKeyValueStore.ts';
import { MetaRepository } from './MetaRepository.ts';
import { StoreError } from './StoreError.ts';
import type { StoreErrorCode } from './StoreError.ts';
import { STORE_KINDS, withTempDir } from './storeTestDirs.fixture.ts';

const isStoreError = (code: StoreErrorCode) => (e: unknown) => e instanceof StoreError && e.code === code;

function block(n: bigint, flags: { setBest: boolean; setFinalized: boolean }): BlockToCommit {
  return { ...crashBlock(n), ...flags };
}

for (const { kind, withStore } of STORE_KINDS) {
  test(`behavior: commitGenesis stores block 0 as genesis, best and finalized [${kind}]`, () =>
    withStore(async (kv) => {
      const chain = new ChainStore(kv);
      assert.equal(chain.genesisHash(), undefined);
      assert.equal(chain.bestHash(), undefined);
      const g = crashBlock(0n);
      await chain.commitGenesis(g);
      assert.deepEqual(chain.genesisHash(), g.hash);
      assert.deepEqual(chain.bestHash(), g.hash);
      assert.deepEqual(chain.finalizedHash(), g.hash);
      assert.deepEqual(chain.hashAt(0n), g.hash);
      assert.deepEqual(chain.header(g.hash), g.header);
      assert.deepEqual(chain.body(g.hash), g.body);
      assert.deepEqual(chain.stateNodes.getNode(g.stateNodes[0]![0]), g.stateNodes[0]![1]);
      await chain.commitGenesis(g); // same genesis again: no-op
      assert.deepEqual(chain.genesisHash(), g.hash);
    }));

  test(`error: commitGenesis with a different genesis rejects with GENESIS_MISMATCH [${kind}]`, () =>
    withStore(async (kv) => {
      const chain = new ChainStore(kv);
      await chain.commitGenesis(crashBlock(0n));
      const other = { ...crashBlock(0n), hash: new Uint8Array(32).fill(0xab) };
      await assert.rejects(chain.commitGenesis(other), isStoreError('GENESIS_MISMATCH'));
      assert.equal(chain.header(other.hash), undefined);
    }));

  test(`behavior: commitBlock writes every part of a block and moves the pointers [${kind}]`, () =>
    withStore(async (kv) => {
      const chain = new ChainStore(kv);
      await chain.commitGenesis(crashBlock(0n));
      const b1 = block(1n, { setBest: true, setFinalized: true });
      await chain.commitBlock(b1);
      assert.deepEqual(chain.header(b1.hash), b1.header);
      assert.deepEqual(chain.body(b1.hash), b1.body);
      assert.deepEqual(chain.justifications(b1.hash), b1.justifications);
      assert.deepEqual(chain.hashAt(1n), b1.hash);
      assert.deepEqual(chain.bestHash(), b1.hash);
      assert.deepEqual(chain.finalizedHash(), b1.hash);
      for (const [nodeHash, node] of b1.stateNodes) assert.deepEqual(chain.stateNodes.getNode(nodeHash), node);
      b1.extrinsicHashes?.forEach((xt, index) => assert.deepEqual(chain.txLocation(xt), { blockHash: b1.hash, index }));
      assert.equal(chain.txLocation(new Uint8Array(32)), undefined);
    }));

  test(`behavior: a block that is neither best nor finalized gets no canonical entry and moves no pointer [${kind}]`, () =>
    withStore(async (kv) => {
      const chain = new ChainStore(kv);
      const g = crashBlock(0n);
      await chain.commitGenesis(g);
      const fork = block(1n, { setBest: false, setFinalized: false });
      await chain.commitBlock(fork);
      assert.deepEqual(chain.header(fork.hash), fork.header);
      assert.equal(chain.hashAt(1n), undefined);
      assert.deepEqual(chain.bestHash(), g.hash);
      assert.deepEqual(chain.finalizedHash(), g.hash);
    }));

  test(`behavior: setFinalized moves the finalized pointer and stores justifications [${kind}]`, () =>
    withStore(async (kv) => {
      const chain = new ChainStore(kv);
      const g = crashBlock(0n);
      await chain.commitGenesis(g);
      const { justifications: _none, ...b1 } = block(1n, { setBest: true, setFinalized: false });
      await chain.commitBlock(b1);
      assert.deepEqual(chain.finalizedHash(), g.hash);
      assert.equal(chain.justifications(b1.hash), undefined);
      await chain.setFinalized(b1.hash, Uint8Array.of(1, 2, 3));
      assert.deepEqual(chain.finalizedHash(), b1.hash);
      assert.deepEqual(chain.justifications(b1.hash), Uint8Array.of(1, 2, 3));
    }));

  test(`error: setFinalized of an unknown block rejects with UNKNOWN_BLOCK and writes nothing [${kind}]`, () =>
    withStore(async (kv) => {
      const chain = new ChainStore(kv);
      const g = crashBlock(0n);
      await chain.commitGenesis(g);
      await assert.rejects(chain.setFinalized(new Uint8Array(32).fill(5), Uint8Array.of(1)), isStoreError('UNKNOWN_BLOCK'));
      assert.deepEqual(chain.finalizedHash(), g.hash);
      assert.equal(chain.justifications(new Uint8Array(32).fill(5)), undefined);
    }));

  test(`error: a block whose batch has an invalid op is rejected whole (WRITE_FAILED), nothing of it stored [${kind}]`, () =>
    withStore(async (kv) => {
      const chain = new ChainStore(kv);
      const g = crashBlock(0n);
      await chain.commitGenesis(g);
      const b1 = block(1n, { setBest: true, setFinalized: true });
      const broken = { ...b1, stateNodes: [...b1.stateNodes, [new Uint8Array(0), Uint8Array.of(1)] as const] };
      await assert.rejects(chain.commitBlock(broken), isStoreError('WRITE_FAILED'));
      assert.equal(chain.header(b1.hash), undefined);
      assert.equal(chain.stateNodes.getNode(b1.stateNodes[0]![0]), undefined);
      assert.equal(chain.hashAt(1n), undefined);
      assert.deepEqual(chain.bestHash(), g.hash);
    }));

  test(`error: ChainStore refuses a store whose schema version is not this build's (SCHEMA_MISMATCH) [${kind}]`, () =>
    withStore(async (kv) => {
      await new MetaRepository(kv).set('schemaVersion', 99);
      assert.throws(() => new ChainStore(kv), isStoreError('SCHEMA_MISMATCH'));
    }));

  test(`error: after close, reads throw and commits reject with CLOSED [${kind}]`, () =>
    withStore(async (kv) => {
      const chain = new ChainStore(kv);
      await chain.close();
      await chain.close();
      assert.throws(() => chain.bestHash(), isStoreError('CLOSED'));
      await assert.rejects(chain.commitBlock(block(1n, { setBest: true, setFinalized: true })), isStoreError('CLOSED'));
    }));
}

test('behavior: a chain committed through ChainStore is all there after reopening the LMDB store', () =>
  withTempDir(async (dir) => {
    const first = new ChainStore(LmdbKeyValueStore.open(dir));
    await first.commitGenesis(crashBlock(0n));
    for (let n = 1n; n <= 5n; n++) await first.commitBlock(block(n, { setBest: true, setFinalized: n <= 3n }));
    await first.close();

    const second = new ChainStore(LmdbKeyValueStore.open(dir));
    try {
      assert.deepEqual(second.genesisHash(), crashBlock(0n).hash);
      assert.deepEqual(second.bestHash(), crashBlock(5n).hash);
      assert.deepEqual(second.finalizedHash(), crashBlock(3n).hash);
      for (let n = 0n; n <= 5n; n++) {
        const b = crashBlock(n);
        assert.deepEqual(second.hashAt(n), b.hash);
        assert.deepEqual(second.header(b.hash), b.header);
      }
    } finally {
      await second.close();
    }
  }));

test('behavior: a MemoryKeyValueStore is a valid ChainStore backend from construction', () => {
  assert.doesNotThrow(() => new ChainStore(new MemoryKeyValueStore()));
});
