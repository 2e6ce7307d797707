import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BodyRepository } from './BodyRepository.ts';
import { CanonicalIndex } from './CanonicalIndex.ts';
import type { HashKeyedRepository } from './HashKeyedRepository.ts';
import { HeaderRepository } from './HeaderRepository.ts';
import { JustificationRepository } from './JustificationRepository.ts';
import type { Column, KeyValueStore } from './KeyValueStore.ts';
import { MetaRepository } from './MetaRepository.ts';
import { StateNodeRepository } from './StateNodeRepository.ts';
import { StoreError } from './StoreError.ts';
import { STORE_KINDS } from './storeTestDirs.fixture.ts';
import { TxIndexRepository } from './TxIndexRepository.ts';

const h = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const isCorrupted = (e: unknown) => e instanceof StoreError && e.code === 'CORRUPTED';

const HASH_KEYED: ReadonlyArray<{ name: string; column: Column; make(kv: KeyValueStore): HashKeyedRepository }> = [
  { name: 'HeaderRepository', column: 'headers', make: (kv) => new HeaderRepository(kv) },
  { name: 'BodyRepository', column: 'bodies', make: (kv) => new BodyRepository(kv) },
  { name: 'JustificationRepository', column: 'justifications', make: (kv) => new JustificationRepository(kv) },
  { name: 'StateNodeRepository', column: 'stateNodes', make: (kv) => new StateNodeRepository(kv) },
];

for (const { kind, withStore } of STORE_KINDS) {
  for (const repo of HASH_KEYED) {
    test(`behavior: ${repo.name} put/get/has/delete round trip and ops target ${repo.column} [${kind}]`, () =>
      withStore(async (kv) => {
        const r = repo.make(kv);
        assert.equal(r.get(h(1)), undefined);
        assert.equal(r.has(h(1)), false);
        await r.put(h(1), Uint8Array.of(1, 2, 3));
        assert.deepEqual(r.get(h(1)), Uint8Array.of(1, 2, 3));
        assert.equal(r.has(h(1)), true);
        assert.deepEqual(r.putOp(h(2), Uint8Array.of(9)), { column: repo.column, key: h(2), value: Uint8Array.of(9) });
        assert.deepEqual(r.deleteOp(h(2)), { column: repo.column, key: h(2), value: null });
        await kv.write([r.putOp(h(2), Uint8Array.of(9)), r.deleteOp(h(1))]);
        assert.equal(r.get(h(1)), undefined);
        assert.deepEqual(r.get(h(2)), Uint8Array.of(9));
        await r.delete(h(2));
        assert.equal(r.has(h(2)), false);
      }));
  }

  test(`behavior: StateNodeRepository.getNode serves stored trie nodes [${kind}]`, () =>
    withStore(async (kv) => {
      const nodes = new StateNodeRepository(kv);
      await kv.write([nodes.putOp(h(7), Uint8Array.of(0x80, 1))]);
      assert.deepEqual(nodes.getNode(h(7)), Uint8Array.of(0x80, 1));
      assert.equal(nodes.getNode(h(8)), undefined);
    }));

  test(`behavior: CanonicalIndex maps u64 numbers to hashes in numeric order [${kind}]`, () =>
    withStore(async (kv) => {
      const index = new CanonicalIndex(kv);
      const numbers = [256n, 0n, 2n ** 64n - 1n, 1n, 255n, 2n ** 32n];
      await kv.write(numbers.map((n, i) => index.putOp(n, h(i))));
      numbers.forEach((n, i) => assert.deepEqual(index.get(n), h(i)));
      assert.equal(index.get(3n), undefined);
      const ascending = [...numbers].sort((a, b) => (a < b ? -1 : 1));
      assert.deepEqual([...index.entries()].map((e) => e.number), ascending);
      assert.deepEqual([...index.entries({ from: 2n, limit: 2 })].map((e) => e.number), [255n, 256n]);
      assert.deepEqual([...index.entries({ from: 300n, reverse: true })].map((e) => e.number), [256n, 255n, 1n, 0n]);
      assert.deepEqual(index.highest(), { number: 2n ** 64n - 1n, hash: h(2) });
      await index.delete(2n ** 64n - 1n);
      assert.equal(index.highest()?.number, 2n ** 32n);
      assert.deepEqual(index.deleteOp(5n), { column: 'numberToHash', key: Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 5), value: null });
    }));

  test(`error: CanonicalIndex rejects numbers outside u64 [${kind}]`, () =>
    withStore(async (kv) => {
      const index = new CanonicalIndex(kv);
      assert.throws(() => index.putOp(-1n, h(1)), RangeError);
      assert.throws(() => index.get(2n ** 64n), RangeError);
      assert.equal(new CanonicalIndex(kv).highest(), undefined);
    }));

  test(`behavior: MetaRepository typed get/set for every field [${kind}]`, () =>
    withStore(async (kv) => {
      const meta = new MetaRepository(kv);
      await kv.write([meta.putOp('bestHash', h(1)), meta.putOp('finalizedHash', h(2)), meta.putOp('genesisHash', h(3))]);
      await meta.set('schemaVersion', 7);
      assert.deepEqual(meta.get('bestHash'), h(1));
      assert.deepEqual(meta.get('finalizedHash'), h(2));
      assert.deepEqual(meta.get('genesisHash'), h(3));
      assert.equal(meta.get('schemaVersion'), 7);
      await meta.delete('bestHash');
      assert.equal(meta.get('bestHash'), undefined);
    }));

  test(`error: MetaRepository reports an undecodable schemaVersion as CORRUPTED [${kind}]`, () =>
    withStore(async (kv) => {
      await kv.write([{ column: 'meta', key: new TextEncoder().encode('schemaVersion'), value: Uint8Array.of(1, 2, 3) }]);
      assert.throws(() => new MetaRepository(kv).get('schemaVersion'), isCorrupted);
    }));

  test(`behavior: TxIndexRepository stores block hash and u32 index [${kind}]`, () =>
    withStore(async (kv) => {
      const tx = new TxIndexRepository(kv);
      await kv.write([tx.putOp(h(1), { blockHash: h(9), index: 0 }), tx.putOp(h(2), { blockHash: h(8), index: 0xffff_ffff })]);
      assert.deepEqual(tx.get(h(1)), { blockHash: h(9), index: 0 });
      assert.deepEqual(tx.get(h(2)), { blockHash: h(8), index: 0xffff_ffff });
      assert.deepEqual(kv.get('txIndex', h(1)), Uint8Array.from([...h(9), 0, 0, 0, 0]));
      await tx.delete(h(1));
      assert.equal(tx.get(h(1)), undefined);
    }));

  test(`error: TxIndexRepository rejects a bad index and reports a short record as CORRUPTED [${kind}]`, () =>
    withStore(async (kv) => {
      const tx = new TxIndexRepository(kv);
      assert.throws(() => tx.putOp(h(1), { blockHash: h(9), index: -1 }), RangeError);
      assert.throws(() => tx.putOp(h(1), { blockHash: h(9), index: 2 ** 32 }), RangeError);
      await kv.write([{ column: 'txIndex', key: h(3), value: Uint8Array.of(1, 2) }]);
      assert.throws(() => tx.get(h(3)), isCorrupted);
    }));

  test(`behavior: ops of several repositories commit together in one write [${kind}]`, () =>
    withStore(async (kv) => {
      const headers = new HeaderRepository(kv);
      const index = new CanonicalIndex(kv);
      const meta = new MetaRepository(kv);
      await kv.write([headers.putOp(h(5), Uint8Array.of(5)), index.putOp(5n, h(5)), meta.putOp('bestHash', h(5))]);
      assert.deepEqual(headers.get(h(5)), Uint8Array.of(5));
      assert.deepEqual(index.get(5n), h(5));
      assert.deepEqual(meta.get('bestHash'), h(5));
    }));
}
