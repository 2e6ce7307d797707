/** The narrow key-value interface every store implementation offers. Keys and values are raw bytes. */

/** A named sub-database. */
export type Column =
  | 'headers'
  | 'bodies'
  | 'justifications'
  | 'numberToHash'
  | 'stateNodes'
  | 'meta'
  | 'wal'
  | 'txIndex'
  | 'anchor';

export const COLUMNS: readonly Column[] = [
  'headers',
  'bodies',
  'justifications',
  'numberToHash',
  'stateNodes',
  'meta',
  'wal',
  'txIndex',
  'anchor',
];

/** One put (value) or delete (value null). */
export interface WriteOp {
  column: Column;
  key: Uint8Array;
  value: Uint8Array | null;
}

export interface IterateOptions {
  /** Only keys starting with these bytes (empty = all). */
  prefix?: Uint8Array;
  /** Forward: start at this key or the first one after it. Reverse: at this key or the last one before it. */
  start?: Uint8Array;
  /** At most this many entries (a non-negative integer). */
  limit?: number;
  /** Descending key order. */
  reverse?: boolean;
}

export interface KeyValueStore {
  /** The stored value, or undefined. Throws StoreError CLOSED after close(). */
  get(column: Column, key: Uint8Array): Uint8Array | undefined;
  /**
   * All ops applied atomically and durably (fsync'd) before the promise resolves; a crash leaves
   * either all or none. Ops apply in order (a later op on the same key wins).
   * Rejects with StoreError WRITE_FAILED (nothing applied) or CLOSED.
   */
  write(ops: readonly WriteOp[]): Promise<void>;
  /**
   * Entries in byte order of their keys (descending when reverse), filtered by prefix, from start,
   * up to limit. Reads one consistent snapshot taken when iteration begins.
   */
  iterate(column: Column, opts?: IterateOptions): Iterable<[Uint8Array, Uint8Array]>;
  /** Waits for writes in flight, then releases the store. Safe to call twice. */
  close(): Promise<void>;
}
