import { compareBytes, copyBytes, toHex } from './bytes.ts';
import { applyRange, planRange } from './keyRange.ts';
import { COLUMNS } from './KeyValueStore.ts';
import type { Column, IterateOptions, KeyValueStore, WriteOp } from './KeyValueStore.ts';
import { MetaRepository } from './MetaRepository.ts';
import { SCHEMA_VERSION } from './schemaVersion.ts';
import { StoreError } from './StoreError.ts';
import { validateWriteOps } from './validateWriteOps.ts';

type Entry = readonly [key: Uint8Array, value: Uint8Array];

/** One column: entries by hex key, plus a sorted snapshot rebuilt lazily after writes. */
class MemoryColumn {
  private readonly byHex = new Map<string, Entry>();
  private sorted: readonly Entry[] | null = [];

  get(key: Uint8Array): Uint8Array | undefined {
    return this.byHex.get(toHex(key))?.[1];
  }

  set(key: Uint8Array, value: Uint8Array | null): void {
    const hex = toHex(key);
    if (value === null) this.byHex.delete(hex);
    else this.byHex.set(hex, [key, value]);
    this.sorted = null;
  }

  /** An immutable sorted array: iterations keep the snapshot they started with. */
  snapshot(): readonly Entry[] {
    if (this.sorted === null) this.sorted = [...this.byHex.values()].sort((a, b) => compareBytes(a[0], b[0]));
    return this.sorted;
  }
}

/**
 * The KeyValueStore interface over in-memory sorted maps, with the same semantics as the LMDB
 * store (validation, ordering, snapshots, errors) but no durability. For src/testing and unit tests.
 */
export class MemoryKeyValueStore implements KeyValueStore {
  private readonly columns = new Map<Column, MemoryColumn>(COLUMNS.map((c) => [c, new MemoryColumn()]));
  private closed = false;

  constructor() {
    const op = new MetaRepository(this).putOp('schemaVersion', SCHEMA_VERSION);
    this.column(op.column).set(op.key, op.value);
  }

  get(column: Column, key: Uint8Array): Uint8Array | undefined {
    this.assertOpen();
    const value = this.column(column).get(key);
    return value === undefined ? undefined : copyBytes(value);
  }

  write(ops: readonly WriteOp[]): Promise<void> {
    try {
      this.assertOpen();
      validateWriteOps(ops);
    } catch (e) {
      return Promise.reject(e);
    }
    for (const op of ops) {
      this.column(op.column).set(copyBytes(op.key), op.value === null ? null : copyBytes(op.value));
    }
    return Promise.resolve();
  }

  iterate(column: Column, opts?: IterateOptions): Iterable<[Uint8Array, Uint8Array]> {
    this.assertOpen();
    const plan = planRange(opts);
    const entries = this.column(column).snapshot();
    return applyRange(plan, positioned(entries, plan.seek, plan.reverse));
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  private column(column: Column): MemoryColumn {
    const c = this.columns.get(column);
    if (c === undefined) throw new RangeError(`unknown column ${JSON.stringify(column)}`);
    return c;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError({ code: 'CLOSED' }, 'memory store is closed');
  }
}

/** Entries from the cursor position: forward = first key >= seek; reverse = last key <= seek, going down. */
function* positioned(entries: readonly Entry[], seek: Uint8Array | undefined, reverse: boolean): Generator<Entry> {
  if (!reverse) {
    for (let i = seek === undefined ? 0 : lowerBound(entries, seek); i < entries.length; i++) {
      yield copyEntry(entries[i] as Entry);
    }
    return;
  }
  let i = entries.length - 1;
  if (seek !== undefined) {
    const lb = lowerBound(entries, seek); // first index with key >= seek
    i = lb < entries.length && compareBytes((entries[lb] as Entry)[0], seek) === 0 ? lb : lb - 1;
  }
  for (; i >= 0; i--) yield copyEntry(entries[i] as Entry);
}

function lowerBound(entries: readonly Entry[], key: Uint8Array): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareBytes((entries[mid] as Entry)[0], key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function copyEntry(entry: Entry): Entry {
  return [copyBytes(entry[0]), copyBytes(entry[1])];
}
