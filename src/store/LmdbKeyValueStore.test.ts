import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LOCK_FILE_NAME } from './dirLock.ts';
import { KV_BEHAVIOR_CASES } from './keyValueStoreBehavior.fixture.ts';
import { LmdbKeyValueStore } from './LmdbKeyValueStore.ts';
import { MetaRepository } from './MetaRepository.ts';
import { SCHEMA_VERSION } from './schemaVersion.ts';
import { StoreError } from './StoreError.ts';
import type { StoreErrorCode } from './StoreError.ts';
import { withTempDir } from './storeTestDirs.fixture.ts';

const isStoreError = (code: StoreErrorCode) => (e: unknown) => e instanceof StoreError && e.code === code;
const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

for (const c of KV_BEHAVIOR_CASES) {
  test(`${c.name} [lmdb]`, () =>
    withTempDir(async (dir) => {
      const kv = LmdbKeyValueStore.open(dir);
      try {
        await c.run(kv);
      } finally {
        await kv.close();
      }
    }));
}

test('behavior: data written before close is there after reopen', () =>
  withTempDir(async (dir) => {
    const first = LmdbKeyValueStore.open(dir);
    await first.write([
      { column: 'headers', key: bytes(1), value: bytes(10) },
      { column: 'headers', key: bytes(2), value: bytes(20) },
      { column: 'stateNodes', key: bytes(3), value: bytes(30) },
    ]);
    await first.write([{ column: 'headers', key: bytes(2), value: null }]);
    await first.close();

    const second = LmdbKeyValueStore.open(dir);
    try {
      assert.deepEqual([...second.iterate('headers')], [[bytes(1), bytes(10)]]);
      assert.deepEqual(second.get('stateNodes', bytes(3)), bytes(30));
      assert.equal(new MetaRepository(second).get('schemaVersion'), SCHEMA_VERSION);
    } finally {
      await second.close();
    }
  }));

test('behavior: open creates missing directories, including names with dots', () =>
  withTempDir(async (dir) => {
    const nested = join(dir, 'base.path', 'chains', 'dev.db');
    const kv = LmdbKeyValueStore.open(nested);
    try {
      await kv.write([{ column: 'meta', key: bytes(1), value: bytes(1) }]);
      assert.ok(existsSync(join(nested, 'data.mdb')));
    } finally {
      await kv.close();
    }
  }));

test('behavior: the map grows past a small initial mapSizeBytes', () =>
  withTempDir(async (dir) => {
    const kv = LmdbKeyValueStore.open(dir, { mapSizeBytes: 256 * 1024 });
    try {
      const value = new Uint8Array(64 * 1024).fill(9);
      for (let i = 0; i < 64; i++) await kv.write([{ column: 'bodies', key: bytes(i), value }]);
      assert.equal([...kv.iterate('bodies')].length, 64);
    } finally {
      await kv.close();
    }
  }));

test('behavior: close releases the directory lock, so the store can be reopened', () =>
  withTempDir(async (dir) => {
    const kv = LmdbKeyValueStore.open(dir);
    assert.ok(existsSync(join(dir, LOCK_FILE_NAME)));
    await kv.close();
    assert.ok(!existsSync(join(dir, LOCK_FILE_NAME)));
    await LmdbKeyValueStore.open(dir).close();
  }));

test('behavior: a lock file left by a dead process is taken over', () =>
  withTempDir(async (dir) => {
    // pid 2^22+1 is above Linux's pid_max limit, so no process can have it.
    writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: 4194305, token: 'gone' }));
    const kv = LmdbKeyValueStore.open(dir);
    await kv.close();
  }));

test('error: opening a path that is a file fails with OPEN_FAILED', () =>
  withTempDir(async (dir) => {
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'hello');
    assert.throws(() => LmdbKeyValueStore.open(file), isStoreError('OPEN_FAILED'));
    assert.throws(() => LmdbKeyValueStore.open(join(file, 'below')), isStoreError('OPEN_FAILED'));
  }));

test('error: opening a directory already open in this process fails with OPEN_FAILED', () =>
  withTempDir(async (dir) => {
    const kv = LmdbKeyValueStore.open(dir);
    try {
      assert.throws(() => LmdbKeyValueStore.open(dir), isStoreError('OPEN_FAILED'));
    } finally {
      await kv.close();
    }
  }));

test('error: a store with an unknown schema version is refused with SCHEMA_MISMATCH', () =>
  withTempDir(async (dir) => {
    const kv = LmdbKeyValueStore.open(dir);
    await new MetaRepository(kv).set('schemaVersion', SCHEMA_VERSION + 98);
    await kv.close();
    for (let attempt = 0; attempt < 2; attempt++) {
      // the second attempt shows a refused open released its lock
      assert.throws(
        () => LmdbKeyValueStore.open(dir),
        (e: unknown) =>
          e instanceof StoreError &&
          e.data.code === 'SCHEMA_MISMATCH' &&
          e.data.found === SCHEMA_VERSION + 98 &&
          e.data.supported === SCHEMA_VERSION,
      );
    }
  }));

test('error: a store holding data but no schema version is refused with SCHEMA_MISMATCH', () =>
  withTempDir(async (dir) => {
    const kv = LmdbKeyValueStore.open(dir);
    await kv.write([{ column: 'headers', key: bytes(1), value: bytes(1) }]);
    await new MetaRepository(kv).delete('schemaVersion');
    await kv.close();
    assert.throws(
      () => LmdbKeyValueStore.open(dir),
      (e: unknown) => e instanceof StoreError && e.data.code === 'SCHEMA_MISMATCH' && e.data.found === null,
    );
  }));

const DAMAGE: ReadonlyArray<{ what: string; contents: Uint8Array }> = [
  { what: 'garbage', contents: new Uint8Array(65536).fill(7) },
  { what: 'zeros', contents: new Uint8Array(65536) },
  { what: 'a truncated file', contents: new TextEncoder().encode('hello') },
];

for (const { what, contents } of DAMAGE) {
  test(`error: a data.mdb holding ${what} is refused with CORRUPTED (and the process survives)`, () =>
    withTempDir(async (dir) => {
      writeFileSync(join(dir, 'data.mdb'), contents);
      assert.throws(() => LmdbKeyValueStore.open(dir), isStoreError('CORRUPTED'));
      assert.ok(!existsSync(join(dir, LOCK_FILE_NAME)));
    }));
}

test('error: a data.mdb with a damaged second meta page is refused with CORRUPTED', () =>
  withTempDir(async (dir) => {
    await LmdbKeyValueStore.open(dir).close();
    const data = readFileSync(join(dir, 'data.mdb'));
    const pageSize = data.readUInt32LE(48);
    data.writeUInt32LE(0x12345678, pageSize + 24);
    writeFileSync(join(dir, 'data.mdb'), data);
    assert.throws(() => LmdbKeyValueStore.open(dir), isStoreError('CORRUPTED'));
  }));
