import { concatBytes, decodeU32BE, encodeU32BE } from './bytes.ts';
import type { KeyValueStore, WriteOp } from './KeyValueStore.ts';
import { StoreError } from './StoreError.ts';

export interface TxLocation {
  blockHash: Uint8Array;
  /** Position of the extrinsic in the block body. */
  index: number;
}

/** Extrinsic hash → where it was included: block hash ++ u32 big-endian index. */
export class TxIndexRepository {
  constructor(private readonly kv: KeyValueStore) {}

  get(extrinsicHash: Uint8Array): TxLocation | undefined {
    const raw = this.kv.get('txIndex', extrinsicHash);
    if (raw === undefined) return undefined;
    if (raw.length < 5) {
      throw new StoreError({ code: 'CORRUPTED', path: 'txIndex' }, `tx index record of ${raw.length} bytes is too short`);
    }
    const split = raw.length - 4;
    return { blockHash: raw.slice(0, split), index: decodeU32BE(raw.subarray(split)) };
  }

  putOp(extrinsicHash: Uint8Array, location: TxLocation): WriteOp {
    return { column: 'txIndex', key: extrinsicHash, value: concatBytes(location.blockHash, encodeU32BE(location.index)) };
  }

  deleteOp(extrinsicHash: Uint8Array): WriteOp {
    return { column: 'txIndex', key: extrinsicHash, value: null };
  }

  put(extrinsicHash: Uint8Array, location: TxLocation): Promise<void> {
    return this.kv.write([this.putOp(extrinsicHash, location)]);
  }

  delete(extrinsicHash: Uint8Array): Promise<void> {
    return this.kv.write([this.deleteOp(extrinsicHash)]);
  }
}
