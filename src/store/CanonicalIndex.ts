import { decodeU64BE, encodeU64BE } from './bytes.ts';
import type { KeyValueStore, WriteOp } from './KeyValueStore.ts';

/** Block number (u64 big-endian key, so byte order = numeric order) → hash of the canonical block at that height. */
export class CanonicalIndex {
  constructor(private readonly kv: KeyValueStore) {}

  get(number: bigint): Uint8Array | undefined {
    return this.kv.get('numberToHash', encodeU64BE(number));
  }

  /** The highest indexed height and its hash. */
  highest(): { number: bigint; hash: Uint8Array } | undefined {
    for (const entry of this.entries({ reverse: true, limit: 1 })) return entry;
    return undefined;
  }

  /** Indexed heights in order, starting at `from` (inclusive; for reverse, the highest to return). */
  *entries(opts: { from?: bigint; limit?: number; reverse?: boolean } = {}): Generator<{ number: bigint; hash: Uint8Array }> {
    const iterOpts: { start?: Uint8Array; limit?: number; reverse?: boolean } = {};
    if (opts.from !== undefined) iterOpts.start = encodeU64BE(opts.from);
    if (opts.limit !== undefined) iterOpts.limit = opts.limit;
    if (opts.reverse !== undefined) iterOpts.reverse = opts.reverse;
    for (const [key, hash] of this.kv.iterate('numberToHash', iterOpts)) {
      yield { number: decodeU64BE(key), hash };
    }
  }

  putOp(number: bigint, hash: Uint8Array): WriteOp {
    return { column: 'numberToHash', key: encodeU64BE(number), value: hash };
  }

  deleteOp(number: bigint): WriteOp {
    return { column: 'numberToHash', key: encodeU64BE(number), value: null };
  }

  put(number: bigint, hash: Uint8Array): Promise<void> {
    return this.kv.write([this.putOp(number, hash)]);
  }

  delete(number: bigint): Promise<void> {
    return this.kv.write([this.deleteOp(number)]);
  }
}
