import { blake2_256 } from '../../primitives/hashing.ts';
import { hexToU8a } from '@polkadot/util';
import type { Header } from '../../primitives/header.ts';
import type { RpcBackend } from '../RpcBackend.ts';
import { hexParam, RpcError, stringParam, u32Param } from '../server/index.ts';
import { guardListener } from './guardListener.ts';
import { blockParam, bytesListParam, bytesParam, optionalBytesListParam, optionalBytesParam, toHex } from './paramHelpers.ts';
import { RpcMethodError, STORAGE_KEYS_PAGED_MAX_COUNT } from './RpcMethodError.ts';
import type { Handler, Subscription } from './types.ts';

/**
 * `state_*` methods (Substrate's `sc-rpc` state API). `at` is optional everywhere (best block);
 * an unknown `at` is Substrate's 4003 "Client error: UnknownBlock: …" (see rpcErrorTable).
 */

/** `RuntimeMetadataPrefixed` as hex. @example // {"method":"state_getMetadata"} → "0x6d6574610e…" */
export const state_getMetadata: Handler = ({ backend }, params) => toHex(backend.state.metadata(blockParam(backend.chain, params, 0)));

/**
 * @example
 * // → {"specName":"spindle","implName":"spindle-node","authoringVersion":1,"specVersion":1,"implVersion":0,
 * //    "apis":[["0xdf6acb689907609b",5],…],"transactionVersion":1,"systemVersion":1,"stateVersion":1}
 */
export const state_getRuntimeVersion: Handler = ({ backend }, params) => backend.state.runtimeVersion(blockParam(backend.chain, params, 0));
export const chain_getRuntimeVersion = state_getRuntimeVersion;

/**
 * The runtime version now (`state_runtimeVersion`), then again whenever a new best block's
 * version differs.
 */
export const state_subscribeRuntimeVersion: Subscription = {
  notification: 'state_runtimeVersion',
  unsubscribe: ['state_unsubscribeRuntimeVersion', 'chain_unsubscribeRuntimeVersion'],
  handler: (deps, _params, sink) => {
    const { backend } = deps;
    const first = backend.state.runtimeVersion(backend.chain.bestHash());
    let last = JSON.stringify(first);
    sink.next(first);
    return backend.chain.onBestBlock(
      guardListener(deps, sink, 'state_subscribeRuntimeVersion', (hash: Uint8Array) => {
        const version = backend.state.runtimeVersion(hash);
        const json = JSON.stringify(version);
        if (json === last) return;
        last = json;
        sink.next(version);
      }),
    );
  },
};
export const chain_subscribeRuntimeVersion = state_subscribeRuntimeVersion;

/** A storage value as hex, or `null`. @example // {"method":"state_getStorage","params":["0x26aa…"]} → "0x…" */
export const state_getStorage: Handler = ({ backend }, params) => {
  const key = bytesParam(params, 0, 'key');
  const value = backend.state.storage(blockParam(backend.chain, params, 1), key);
  return value === undefined ? null : toHex(value);
};
export const state_getStorageAt = state_getStorage;

/** blake2-256 of a storage value, or `null`. */
export const state_getStorageHash: Handler = ({ backend }, params) => {
  const key = bytesParam(params, 0, 'key');
  const value = backend.state.storage(blockParam(backend.chain, params, 1), key);
  return value === undefined ? null : toHex(blake2_256(value));
};
export const state_getStorageHashAt = state_getStorageHash;

/** The length of a storage value in bytes, or `null` when there is none. */
export const state_getStorageSize: Handler = ({ backend }, params) => {
  const key = bytesParam(params, 0, 'key');
  const value = backend.state.storage(blockParam(backend.chain, params, 1), key);
  return value === undefined ? null : value.length;
};
export const state_getStorageSizeAt = state_getStorageSize;

/**
 * Keys under a prefix (deprecated in Substrate in favour of `state_getKeysPaged`); at most
 * {@link STORAGE_KEYS_PAGED_MAX_COUNT} keys, the first in byte order.
 */
export const state_getKeys: Handler = ({ backend }, params) => {
  const prefix = bytesParam(params, 0, 'prefix');
  return backend.state.keys(blockParam(backend.chain, params, 1), prefix, STORAGE_KEYS_PAGED_MAX_COUNT).map(toHex);
};

/**
 * Up to `count` (≤ 1000) keys under `prefix` (null: all keys), strictly after `startKey`.
 *
 * @example
 * // {"method":"state_getKeysPaged","params":["0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9", 10, null]}
 */
export const state_getKeysPaged: Handler = ({ backend }, params) => {
  const prefix = optionalBytesParam(params, 0, 'prefix') ?? new Uint8Array(0);
  const count = u32Param(params, 1, { name: 'count' });
  const startKey = optionalBytesParam(params, 2, 'startKey');
  const at = blockParam(backend.chain, params, 3);
  if (count > STORAGE_KEYS_PAGED_MAX_COUNT) {
    throw new RpcMethodError({ code: 'INVALID_COUNT', value: count, max: STORAGE_KEYS_PAGED_MAX_COUNT });
  }
  return backend.state.keys(at, prefix, count, startKey).map(toHex);
};
export const state_getKeysPagedAt = state_getKeysPaged;

/** Values of several keys at one block. @example // → [{"block":"0x…","changes":[["0x…","0x…"],["0x…",null]]}] */
export const state_queryStorageAt: Handler = ({ backend }, params) => {
  const keys = bytesListParam(params, 0, 'keys');
  const at = blockParam(backend.chain, params, 1);
  return [changeSet(backend, at, keys)];
};

/**
 * `state_storage` notifications `{block, changes: [[key, value | null]…]}`: first the current
 * values of the keys at the best block, then, on each new best block, the keys whose value
 * changed. Without keys (or with an empty list) every changed key of each block is sent and
 * there is no first notification; like Substrate, that is refused unless unsafe methods are
 * allowed (-32601 "RPC call is unsafe to be called externally").
 *
 * @example
 * // {"method":"state_subscribeStorage","params":[["0x26aa…"]]}
 * // → "<id>", then {"subscription":"<id>","result":{"block":"0x…","changes":[["0x26aa…","0x…"]]}}
 */
export const state_subscribeStorage: Subscription = {
  notification: 'state_storage',
  unsubscribe: ['state_unsubscribeStorage'],
  handler: (deps, params, sink) => {
    const { backend } = deps;
    const keys = optionalBytesListParam(params, 0, 'keys');
    const watched = keys === undefined || keys.length === 0 ? undefined : keys;
    if (watched === undefined && !deps.unsafeAllowed()) throw new RpcError('UNSAFE_METHOD');
    /** Last value sent per watched key (hex key → hex value or null). */
    const sent = new Map<string, string | null>();
    if (watched !== undefined) {
      const first = changeSet(backend, backend.chain.bestHash(), watched);
      for (const [k, v] of first.changes) sent.set(k, v);
      sink.next(first);
    }
    return backend.chain.onBestBlock(
      guardListener(deps, sink, 'state_subscribeStorage', (hash: Uint8Array, header: Header) => {
        const changes: [string, string | null][] = [];
        for (const key of backend.state.changedKeys(hash)) {
          const k = toHex(key);
          if (watched !== undefined && !sent.has(k)) continue;
          const value = storageHex(backend, hash, key);
          const before = watched !== undefined ? sent.get(k) : storageHex(backend, header.parentHash, key);
          if (value === before) continue;
          if (watched !== undefined) sent.set(k, value);
          changes.push([k, value]);
        }
        if (changes.length > 0) sink.next({ block: toHex(hash), changes });
      }),
    );
  },
};

function storageHex(backend: RpcBackend, at: Uint8Array, key: Uint8Array): string | null {
  const value = backend.state.storage(at, key);
  return value === undefined ? null : toHex(value);
}

function changeSet(backend: RpcBackend, at: Uint8Array, keys: readonly Uint8Array[]): { block: string; changes: [string, string | null][] } {
  return {
    block: toHex(at),
    changes: keys.map((key) => [toHex(key), storageHex(backend, at, key)]),
  };
}

/**
 * Runs a runtime API (`Core_version`, `TransactionPaymentApi_query_info`, …) with SCALE input;
 * answers its SCALE output as hex.
 *
 * @example
 * // {"method":"state_call","params":["AccountNonceApi_account_nonce","0xd435…"]} → "0x03000000"
 */
export const state_call: Handler = ({ backend }, params) => {
  const method = stringParam(params, 0, { name: 'method' });
  const data = hexToU8a(hexParam(params, 1, { name: 'data' }));
  return toHex(backend.state.call(blockParam(backend.chain, params, 2), method, data));
};
export const state_callAt = state_call;

/** Trie nodes proving the keys' values at `at`. @example // → {"at":"0x…","proof":["0x…",…]} */
export const state_getReadProof: Handler = ({ backend }, params) => {
  const keys = bytesListParam(params, 0, 'keys');
  const at = blockParam(backend.chain, params, 1);
  return { at: toHex(at), proof: backend.state.readProof(at, keys).map(toHex) };
};
