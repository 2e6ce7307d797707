import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open } from 'lmdb';
import type { Database, RootDatabase } from 'lmdb';
import { copyBytes } from './bytes.ts';
import { checkLmdbDataFile } from './checkLmdbDataFile.ts';
import { acquireDirLock } from './dirLock.ts';
import type { DirLock } from './dirLock.ts';
import { applyRange, planRange } from './keyRange.ts';
import { COLUMNS } from './KeyValueStore.ts';
import type { Column, IterateOptions, KeyValueStore, WriteOp } from './KeyValueStore.ts';
import { MetaRepository } from './MetaRepository.ts';
import { inspectSchema, SCHEMA_VERSION } from './schemaVersion.ts';
import { StoreError } from './StoreError.ts';
import { validateWriteOps } from './validateWriteOps.ts';

export interface LmdbKeyValueStoreOptions {
  /** Initial map size; lmdb-js grows the map on demand when it is not given. */
  mapSizeBytes?: number;
}

type Db = Database<Uint8Array, Uint8Array>;

/** The smallest non-empty key. */
const LOWEST_KEY = Uint8Array.of(0);

/**
 * KeyValueStore on one LMDB environment in a directory (data.mdb, lock.mdb, spindle.lock), one
 * named database per column, raw binary keys and values. Commits are durable when write() resolves:
 * overlappingSync is off, so LMDB fsyncs inside the commit (never noSync).
 */
export class LmdbKeyValueStore implements KeyValueStore {
  private closing: Promise<void> | undefined;
  private readonly pending = new Set<Promise<unknown>>();

  private constructor(
    readonly path: string,
    private readonly root: RootDatabase<Uint8Array, Uint8Array>,
    private readonly dbs: ReadonlyMap<Column, Db>,
    private readonly lock: DirLock,
  ) {}

  /**
   * Opens (creating if needed) the store in `dir`. Throws StoreError OPEN_FAILED (not a usable
   * directory, held by another live process), CORRUPTED (invalid LMDB files) or SCHEMA_MISMATCH.
   * A new store gets the current schema version written durably before open returns.
   */
  static open(dir: string, opts: LmdbKeyValueStoreOptions = {}): LmdbKeyValueStore {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (cause) {
      throw new StoreError({ code: 'OPEN_FAILED', path: dir }, `cannot create store directory ${dir}`, { cause });
    }
    const lock = acquireDirLock(dir);
    let root: RootDatabase<Uint8Array, Uint8Array> | undefined;
    try {
      checkLmdbDataFile(join(dir, 'data.mdb'), dir);
      try {
        root = open<Uint8Array, Uint8Array>({
          path: dir,
          noSubdir: false,
          maxDbs: COLUMNS.length + 4,
          overlappingSync: false,
          noSync: false,
          keyEncoding: 'binary',
          encoding: 'binary',
          ...(opts.mapSizeBytes === undefined ? {} : { mapSize: opts.mapSizeBytes }),
        });
      } catch (cause) {
        throw new StoreError({ code: 'OPEN_FAILED', path: dir }, `LMDB cannot open ${dir}`, { cause });
      }
      const openedRoot = root;
      const dbs = new Map<Column, Db>(
        COLUMNS.map((name) => [name, openedRoot.openDB<Uint8Array, Uint8Array>({ name, keyEncoding: 'binary', encoding: 'binary' })]),
      );
      const store = new LmdbKeyValueStore(dir, openedRoot, dbs, lock);
      if (inspectSchema(store) === 'fresh') store.writeSync([new MetaRepository(store).putOp('schemaVersion', SCHEMA_VERSION)]);
      return store;
    } catch (e) {
      try {
        root?.close().catch(() => undefined);
      } finally {
        lock.release();
      }
      throw e;
    }
  }

  get(column: Column, key: Uint8Array): Uint8Array | undefined {
    this.assertOpen();
    if (key.length === 0) return undefined; // LMDB has no empty keys (and lmdb-js throws on one)
    const value = this.db(column).get(key);
    return value === undefined ? undefined : copyBytes(value);
  }

  write(ops: readonly WriteOp[]): Promise<void> {
    try {
      this.assertOpen();
      validateWriteOps(ops);
    } catch (e) {
      return Promise.reject(e);
    }
    if (ops.length === 0) return Promise.resolve();
    // A child transaction is aborted as a whole if the callback throws, so the batch stays all-or-none
    // even though lmdb-js groups it with other writes of the same event turn into one LMDB commit.
    const committed = this.root.childTransaction(() => this.apply(ops)).then(
      () => undefined,
      (cause: unknown) => {
        throw new StoreError({ code: 'WRITE_FAILED' }, `LMDB commit failed in ${this.path}`, { cause });
      },
    );
    this.pending.add(committed);
    const forget = (): void => {
      this.pending.delete(committed);
    };
    committed.then(forget, forget);
    return committed;
  }

  iterate(column: Column, opts?: IterateOptions): Iterable<[Uint8Array, Uint8Array]> {
    this.assertOpen();
    const plan = planRange(opts);
    if (plan.empty) return [];
    // lmdb-js ends a reverse scan before its default beginning key [0x00] (exclusive), which would
    // drop a key 0x00; make that end explicit and inclusive. Forward scans end at plan.end (exclusive).
    const range = this.db(column).getRange({
      ...(plan.seek === undefined ? {} : { start: plan.seek }),
      ...(plan.reverse ? { end: LOWEST_KEY, inclusiveEnd: true } : plan.end === undefined ? {} : { end: plan.end }),
      reverse: plan.reverse,
    });
    return applyRange(plan, copiedEntries(range));
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.pending]);
      try {
        await this.root.close();
      } finally {
        this.lock.release();
      }
    })();
    return this.closing;
  }

  /** Synchronous durable commit, used only while opening (schema version of a new store). */
  private writeSync(ops: readonly WriteOp[]): void {
    validateWriteOps(ops);
    try {
      this.root.transactionSync(() => this.apply(ops));
    } catch (cause) {
      throw new StoreError({ code: 'WRITE_FAILED' }, `LMDB commit failed in ${this.path}`, { cause });
    }
  }

  /** Runs inside a write transaction. */
  private apply(ops: readonly WriteOp[]): void {
    for (const op of ops) {
      const db = this.db(op.column);
      if (op.value === null) db.removeSync(op.key);
      else db.putSync(op.key, op.value);
    }
  }

  private db(column: Column): Db {
    const db = this.dbs.get(column);
    if (db === undefined) throw new RangeError(`unknown column ${JSON.stringify(column)}`);
    return db;
  }

  private assertOpen(): void {
    if (this.closing !== undefined) throw new StoreError({ code: 'CLOSED' }, `store ${this.path} is closed`);
  }
}

function* copiedEntries(range: Iterable<{ key: Uint8Array; value: Uint8Array }>): Generator<[Uint8Array, Uint8Array]> {
  for (const { key, value } of range) yield [copyBytes(key), copyBytes(value)];
}
