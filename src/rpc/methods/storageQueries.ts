import { blake2_256 } from '../../primitives/hashing.ts';
import type { StateAccess } from '../RpcBackend.ts';
import { arrayParam, RpcError } from '../server/index.ts';
import { toHex } from './paramHelpers.ts';
import { hexToU8a } from '@polkadot/util';

/** The item types of `chainHead_v1_storage` / `archive_v1_storage`. */
export const STORAGE_QUERY_TYPES = ['value', 'hash', 'closestDescendantMerkleValue', 'descendantsValues', 'descendantsHashes'] as const;
export type StorageQueryType = (typeof STORAGE_QUERY_TYPES)[number];

export interface StorageQuery {
  readonly key: Uint8Array;
  readonly type: StorageQueryType;
}

/** One result item: `key` and exactly one of the other members. */
export interface StorageResultItem {
  readonly key: string;
  readonly value?: string;
  readonly hash?: string;
  readonly closestDescendantMerkleValue?: string;
}

/** Keys fetched per trie walk for the descendants queries. */
const KEYS_PAGE = 256;
const HEX_BYTES = /^0x(?:[0-9a-fA-F]{2})*$/;

/** Reads the `items` param: `[{key: "0x…", type: "value" | …}, …]`; anything else → -32602. */
export function storageQueriesParam(params: readonly unknown[], i: number, name = 'items'): StorageQuery[] {
  return arrayParam(params, i, { name }).map((item, j) => {
    const o = item as { key?: unknown; type?: unknown } | null;
    if (typeof o !== 'object' || o === null || typeof o.key !== 'string' || !HEX_BYTES.test(o.key)) {
      throw new RpcError('INVALID_PARAMS', `Invalid params: param ${i} (${name}) item ${j} needs a 0x-prefixed hex key`);
    }
    if (typeof o.type !== 'string' || !(STORAGE_QUERY_TYPES as readonly string[]).includes(o.type)) {
      throw new RpcError('INVALID_PARAMS', `Invalid params: param ${i} (${name}) item ${j} has an unknown type`);
    }
    return { key: hexToU8a(o.key), type: o.type as StorageQueryType };
  });
}

/**
 * The result items of `queries` at block `at`, produced lazily so that a caller can page them
 * (descendants queries walk the trie {@link KEYS_PAGE} keys at a time). Missing values produce
 * no item, as the spec says.
 *
 * @example
 * for (const item of storageResults(backend.state, at, [{ key, type: 'value' }])) send(item);
 */
export function* storageResults(state: StateAccess, at: Uint8Array, queries: readonly StorageQuery[]): Generator<StorageResultItem> {
  for (const q of queries) {
    switch (q.type) {
      case 'value':
      case 'hash': {
        const item = valueItem(state, at, q.key, q.type === 'hash');
        if (item !== undefined) yield item;
        break;
      }
      case 'closestDescendantMerkleValue': {
        const merkle = state.closestDescendantMerkleValue?.(at, q.key);
        if (merkle !== undefined) yield { key: toHex(q.key), closestDescendantMerkleValue: toHex(merkle) };
        break;
      }
      case 'descendantsValues':
      case 'descendantsHashes': {
        let after: Uint8Array | undefined;
        for (;;) {
          const keys = state.keys(at, q.key, KEYS_PAGE, after);
          for (const key of keys) {
            const item = valueItem(state, at, key, q.type === 'descendantsHashes');
            if (item !== undefined) yield item;
          }
          if (keys.length < KEYS_PAGE) break;
          after = keys[keys.length - 1];
        }
        break;
      }
    }
  }
}

function valueItem(state: StateAccess, at: Uint8Array, key: Uint8Array, hashed: boolean): StorageResultItem | undefined {
  const value = state.storage(at, key);
  if (value === undefined) return undefined;
  return hashed ? { key: toHex(key), hash: toHex(blake2_256(value)) } : { key: toHex(key), value: toHex(value) };
}
