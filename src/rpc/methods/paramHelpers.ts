import { hexToU8a, u8aToHex } from '@polkadot/util';
import type { ChainReader } from '../RpcBackend.ts';
import { arrayParam, hexParam, RpcError, type HexString } from '../server/index.ts';

/**
 * Param readers built on the server's validators, returning bytes (hex exists only on the wire).
 *
 * @example
 * const key = bytesParam(params, 0, 'key');
 * const at = blockParam(backend.chain, params, 1); // best block when absent or null
 */

/** Required `0x` hex bytes. */
export function bytesParam(params: readonly unknown[], i: number, name: string): Uint8Array {
  return hexToU8a(hexParam(params, i, { name }));
}

/** Optional `0x` hex bytes: `undefined` when absent or null. */
export function optionalBytesParam(params: readonly unknown[], i: number, name: string): Uint8Array | undefined {
  const hex = hexParam(params, i, { name, optional: true });
  return hex === undefined ? undefined : hexToU8a(hex);
}

/** An optional block hash (Substrate's `Option<Hash>`): the best block when absent or null. */
export function blockParam(chain: ChainReader, params: readonly unknown[], i: number, name = 'at'): Uint8Array {
  const hex = hexParam(params, i, { name, bytes: 32, optional: true });
  return hex === undefined ? chain.bestHash() : hexToU8a(hex);
}

/** A required list of `0x` hex byte strings (storage keys). */
export function bytesListParam(params: readonly unknown[], i: number, name: string): Uint8Array[] {
  return bytesList(arrayParam(params, i, { name }), i, name);
}

/** An optional list of `0x` hex byte strings: `undefined` when absent or null. */
export function optionalBytesListParam(params: readonly unknown[], i: number, name: string): Uint8Array[] | undefined {
  const list = arrayParam(params, i, { name, optional: true });
  return list === undefined ? undefined : bytesList(list, i, name);
}

const HEX_BYTES = /^0x(?:[0-9a-fA-F]{2})*$/;

function bytesList(list: readonly unknown[], i: number, name: string): Uint8Array[] {
  return list.map((item, j) => {
    if (typeof item !== 'string' || !HEX_BYTES.test(item)) {
      throw new RpcError('INVALID_PARAMS', `Invalid params: param ${i} (${name}) item ${j} must be 0x-prefixed hex bytes`);
    }
    return hexToU8a(item);
  });
}

/** Bytes as the wire's lower-case `0x` hex. */
export function toHex(bytes: Uint8Array): HexString {
  return u8aToHex(bytes) as HexString;
}
