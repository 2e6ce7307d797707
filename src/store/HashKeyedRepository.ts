import type { Column, KeyValueStore, WriteOp } from './KeyValueStore.ts';

/** Base of the repositories that map a hash to opaque encoded bytes in one column. */
export abstract class HashKeyedRepository {
  protected abstract readonly column: Column;

  constructor(protected readonly kv: KeyValueStore) {}

  get(hash: Uint8Array): Uint8Array | undefined {
    return this.kv.get(this.column, hash);
  }

  has(hash: Uint8Array): boolean {
    return this.kv.get(this.column, hash) !== undefined;
  }

  /** The op that stores `value` under `hash`, for the caller to commit with others. */
  putOp(hash: Uint8Array, value: Uint8Array): WriteOp {
    return { column: this.column, key: hash, value };
  }

  deleteOp(hash: Uint8Array): WriteOp {
    return { column: this.column, key: hash, value: null };
  }

  put(hash: Uint8Array, value: Uint8Array): Promise<void> {
    return this.kv.write([this.putOp(hash, value)]);
  }

  delete(hash: Uint8Array): Promise<void> {
    return this.kv.write([this.deleteOp(hash)]);
  }
}
