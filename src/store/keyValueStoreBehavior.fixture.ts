/**
 * The behaviour table every KeyValueStore implementation must pass. Written once, run by
 * LmdbKeyValueStore.test.ts (real LMDB in a temp dir) and MemoryKeyValueStore.test.ts.
 */
import assert from 'node:assert/strict';
import type { Column, IterateOptions, KeyValueStore } from './KeyValueStore.ts';
import { MetaRepository } from './MetaRepository.ts';
import { SCHEMA_VERSION } from './schemaVersion.ts';
import { StoreError } from './StoreError.ts';
import { MAX_KEY_BYTES } from './validateWriteOps.ts';

export interface KvBehaviorCase {
  /** Test name, starting with its kind ('behavior: …' / 'error: …'). */
  name: string;
  /** Receives a freshly opened, empty store; the runner closes it. */
  run(kv: KeyValueStore): Promise<void>;
}

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));
const toHexList = (entries: Iterable<[Uint8Array, Uint8Array]>): string[] =>
  [...entries].map(([k]) => Buffer.from(k).toString('hex'));

/** Keys of the iteration table, deliberately inserted out of order. */
const ITER_KEYS = ['0200', 'ff', '01', '00', '01ff', 'ffff', '0101', '02', '0100'];
const ALL = ['00', '01', '0100', '0101', '01ff', '02', '0200', 'ff', 'ffff'];

const ITERATE_TABLE: ReadonlyArray<{ opts: { prefix?: string; start?: string; limit?: number; reverse?: boolean }; expected: string[] }> = [
  { opts: {}, expected: ALL },
  { opts: { reverse: true }, expected: [...ALL].reverse() },
  { opts: { prefix: '' }, expected: ALL },
  { opts: { prefix: '01' }, expected: ['01', '0100', '0101', '01ff'] },
  { opts: { prefix: '01', reverse: true }, expected: ['01ff', '0101', '0100', '01'] },
  { opts: { prefix: '01', start: '0101' }, expected: ['0101', '01ff'] },
  { opts: { prefix: '01', start: '0101', reverse: true }, expected: ['0101', '0100', '01'] },
  { opts: { prefix: '01', start: '0102', reverse: true }, expected: ['0101', '0100', '01'] },
  { opts: { prefix: '01', start: '00' }, expected: ['01', '0100', '0101', '01ff'] },
  { opts: { prefix: '01', start: '00', reverse: true }, expected: [] },
  { opts: { prefix: '01', start: '03' }, expected: [] },
  { opts: { prefix: '01', start: '03', reverse: true }, expected: ['01ff', '0101', '0100', '01'] },
  { opts: { prefix: '01', start: '02', reverse: true }, expected: ['01ff', '0101', '0100', '01'] },
  { opts: { prefix: '0100' }, expected: ['0100'] },
  { opts: { prefix: '0100', reverse: true }, expected: ['0100'] },
  { opts: { prefix: '03' }, expected: [] },
  { opts: { prefix: '03', reverse: true }, expected: [] },
  { opts: { prefix: 'ff' }, expected: ['ff', 'ffff'] },
  { opts: { prefix: 'ff', reverse: true }, expected: ['ffff', 'ff'] },
  { opts: { prefix: 'ffff' }, expected: ['ffff'] },
  { opts: { start: '0101' }, expected: ['0101', '01ff', '02', '0200', 'ff', 'ffff'] },
  { opts: { start: '0101', reverse: true }, expected: ['0101', '0100', '01', '00'] },
  { opts: { start: '0102', reverse: true }, expected: ['0101', '0100', '01', '00'] },
  { opts: { start: '' }, expected: ALL },
  { opts: { start: '00', reverse: true }, expected: ['00'] },
  { opts: { prefix: '00' }, expected: ['00'] },
  { opts: { prefix: '00', reverse: true }, expected: ['00'] },
  { opts: { start: '', reverse: true }, expected: [] },
  { opts: { limit: 2 }, expected: ['00', '01'] },
  { opts: { limit: 2, reverse: true }, expected: ['ffff', 'ff'] },
  { opts: { prefix: '01', limit: 0 }, expected: [] },
  { opts: { prefix: '01', start: '0100', limit: 3 }, expected: ['0100', '0101', '01ff'] },
  { opts: { prefix: '02', start: '0200', limit: 1, reverse: true }, expected: ['0200'] },
];

function toIterateOptions(o: (typeof ITERATE_TABLE)[number]['opts']): IterateOptions {
  const out: IterateOptions = {};
  if (o.prefix !== undefined) out.prefix = hex(o.prefix);
  if (o.start !== undefined) out.start = hex(o.start);
  if (o.limit !== undefined) out.limit = o.limit;
  if (o.reverse !== undefined) out.reverse = o.reverse;
  return out;
}

async function assertRejectsWith(p: Promise<unknown>, code: StoreError['code']): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof StoreError && e.code === code);
}

export const KV_BEHAVIOR_CASES: readonly KvBehaviorCase[] = [
  {
    name: 'behavior: a new store carries the current schema version',
    async run(kv) {
      assert.equal(new MetaRepository(kv).get('schemaVersion'), SCHEMA_VERSION);
    },
  },
  {
    name: 'behavior: get of a missing key is undefined; put then get round-trips as a plain Uint8Array',
    async run(kv) {
      assert.equal(kv.get('headers', hex('aa')), undefined);
      await kv.write([{ column: 'headers', key: hex('aa'), value: hex('0102') }]);
      const got = kv.get('headers', hex('aa'));
      assert.deepEqual(got, hex('0102'));
      assert.equal(got?.constructor, Uint8Array);
    },
  },
  {
    name: 'behavior: an empty value is stored and read back as empty bytes',
    async run(kv) {
      await kv.write([{ column: 'bodies', key: hex('01'), value: new Uint8Array(0) }]);
      assert.deepEqual(kv.get('bodies', hex('01')), new Uint8Array(0));
    },
  },
  {
    name: 'behavior: stored bytes are isolated from the caller’s buffers',
    async run(kv) {
      const key = hex('0a');
      const value = hex('0b0c');
      await kv.write([{ column: 'stateNodes', key, value }]);
      value[0] = 0xee;
      key[0] = 0xee;
      const got = kv.get('stateNodes', hex('0a'));
      assert.deepEqual(got, hex('0b0c'));
      if (got) got[0] = 0xdd;
      assert.deepEqual(kv.get('stateNodes', hex('0a')), hex('0b0c'));
    },
  },
  {
    name: 'behavior: delete removes a key; deleting a missing key is not an error',
    async run(kv) {
      await kv.write([{ column: 'txIndex', key: hex('01'), value: hex('02') }]);
      await kv.write([
        { column: 'txIndex', key: hex('01'), value: null },
        { column: 'txIndex', key: hex('99'), value: null },
      ]);
      assert.equal(kv.get('txIndex', hex('01')), undefined);
    },
  },
  {
    name: 'behavior: ops of one batch apply in order: the last op on a key wins',
    async run(kv) {
      await kv.write([
        { column: 'meta', key: hex('01'), value: hex('aa') },
        { column: 'meta', key: hex('01'), value: null },
        { column: 'meta', key: hex('02'), value: null },
        { column: 'meta', key: hex('02'), value: hex('bb') },
        { column: 'meta', key: hex('03'), value: hex('cc') },
        { column: 'meta', key: hex('03'), value: hex('dd') },
      ]);
      assert.equal(kv.get('meta', hex('01')), undefined);
      assert.deepEqual(kv.get('meta', hex('02')), hex('bb'));
      assert.deepEqual(kv.get('meta', hex('03')), hex('dd'));
    },
  },
  {
    name: 'behavior: columns are independent key spaces',
    async run(kv) {
      const columns: Column[] = ['headers', 'bodies', 'justifications', 'numberToHash', 'stateNodes', 'wal', 'txIndex'];
      await kv.write(columns.map((column, i) => ({ column, key: hex('42'), value: Uint8Array.of(i) })));
      columns.forEach((column, i) => assert.deepEqual(kv.get(column, hex('42')), Uint8Array.of(i)));
      await kv.write([{ column: 'headers', key: hex('42'), value: null }]);
      assert.equal(kv.get('headers', hex('42')), undefined);
      assert.deepEqual(kv.get('bodies', hex('42')), Uint8Array.of(1));
      assert.deepEqual(toHexList(kv.iterate('wal')), ['42']);
    },
  },
  {
    name: 'behavior: iterate: byte order, prefix, start, limit, reverse (table)',
    async run(kv) {
      await kv.write(ITER_KEYS.map((k) => ({ column: 'wal', key: hex(k), value: hex(`${k}ee`) })));
      await kv.write([{ column: 'bodies', key: hex('01'), value: hex('00') }]); // another column must not leak in
      for (const { opts, expected } of ITERATE_TABLE) {
        const entries = [...kv.iterate('wal', toIterateOptions(opts))];
        assert.deepEqual(toHexList(entries), expected, `iterate(${JSON.stringify(opts)})`);
        for (const [k, v] of entries) {
          assert.deepEqual(v, hex(`${Buffer.from(k).toString('hex')}ee`));
          assert.equal(k.constructor, Uint8Array);
          assert.equal(v.constructor, Uint8Array);
        }
      }
    },
  },
  {
    name: 'behavior: iterate of an empty column yields nothing; stopping early is fine',
    async run(kv) {
      assert.deepEqual([...kv.iterate('justifications')], []);
      await kv.write(ALL.map((k) => ({ column: 'justifications', key: hex(k), value: hex('00') })));
      let seen = 0;
      for (const _entry of kv.iterate('justifications')) if (++seen === 2) break;
      assert.equal(seen, 2);
      assert.equal([...kv.iterate('justifications')].length, ALL.length);
    },
  },
  {
    name: 'behavior: an iteration reads the snapshot it started with',
    async run(kv) {
      await kv.write([
        { column: 'wal', key: hex('01'), value: hex('01') },
        { column: 'wal', key: hex('03'), value: hex('03') },
      ]);
      const it = kv.iterate('wal')[Symbol.iterator]();
      assert.deepEqual(it.next().value?.[0], hex('01'));
      await kv.write([
        { column: 'wal', key: hex('02'), value: hex('02') },
        { column: 'wal', key: hex('03'), value: null },
      ]);
      const rest = [];
      for (let r = it.next(); !r.done; r = it.next()) rest.push(Buffer.from(r.value[0]).toString('hex'));
      assert.deepEqual(rest, ['03']);
      assert.deepEqual(toHexList(kv.iterate('wal')), ['01', '02']);
    },
  },
  {
    name: 'behavior: a read of an empty key is undefined (no key can be empty)',
    async run(kv) {
      assert.equal(kv.get('headers', new Uint8Array(0)), undefined);
    },
  },
  {
    name: 'error: a batch with an invalid op is rejected whole with WRITE_FAILED',
    async run(kv) {
      const good = { column: 'headers', key: hex('01'), value: hex('01') } as const;
      const bad = [
        { column: 'headers', key: new Uint8Array(0), value: hex('01') },
        { column: 'headers', key: new Uint8Array(MAX_KEY_BYTES + 1), value: hex('01') },
        { column: 'nope' as Column, key: hex('01'), value: hex('01') },
        { column: 'headers', key: hex('02'), value: 'x' as unknown as Uint8Array },
      ] as const;
      for (const op of bad) await assertRejectsWith(kv.write([good, op]), 'WRITE_FAILED');
      assert.equal(kv.get('headers', hex('01')), undefined);
      await kv.write([{ column: 'headers', key: new Uint8Array(MAX_KEY_BYTES).fill(7), value: hex('01') }]);
      assert.deepEqual(kv.get('headers', new Uint8Array(MAX_KEY_BYTES).fill(7)), hex('01'));
    },
  },
  {
    name: 'behavior: an empty batch resolves and changes nothing',
    async run(kv) {
      await kv.write([]);
      assert.deepEqual([...kv.iterate('headers')], []);
    },
  },
  {
    name: 'error: iterate rejects a negative or fractional limit',
    async run(kv) {
      assert.throws(() => [...kv.iterate('wal', { limit: -1 })], RangeError);
      assert.throws(() => [...kv.iterate('wal', { limit: 1.5 })], RangeError);
    },
  },
  {
    name: 'behavior: concurrent writes all land',
    async run(kv) {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => kv.write([{ column: 'stateNodes', key: Uint8Array.of(i), value: Uint8Array.of(i, i) }])),
      );
      assert.equal([...kv.iterate('stateNodes')].length, 20);
    },
  },
  {
    name: 'error: after close: get/iterate throw CLOSED, write rejects CLOSED, close again resolves',
    async run(kv) {
      await kv.write([{ column: 'headers', key: hex('01'), value: hex('01') }]);
      await kv.close();
      assert.throws(() => kv.get('headers', hex('01')), (e: unknown) => e instanceof StoreError && e.code === 'CLOSED');
      assert.throws(() => kv.iterate('headers'), (e: unknown) => e instanceof StoreError && e.code === 'CLOSED');
      await assertRejectsWith(kv.write([{ column: 'headers', key: hex('02'), value: hex('02') }]), 'CLOSED');
      await kv.close();
    },
  },
];
