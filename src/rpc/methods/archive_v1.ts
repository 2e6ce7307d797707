import { hexToU8a } from '@polkadot/util';
import { encodeHeader } from '../../primitives/header.ts';
import { hexParam, numberParam, stringParam } from '../server/index.ts';
import { callParametersParam } from './callParametersParam.ts';
import { toHex } from './paramHelpers.ts';
import { storageQueriesParam, storageResults } from './storageQueries.ts';
import type { Handler, Subscription } from './types.ts';

/**
 * `archive_v1_*` (new JSON-RPC interface): any stored block by hash or height. Unknown blocks
 * answer `null` (storage: a `storageError` event).
 */

function hashParam(params: readonly unknown[], i: number): Uint8Array {
  return hexToU8a(hexParam(params, i, { name: 'hash', bytes: 32 }));
}

/** @example // {"method":"archive_v1_body","params":["0x…"]} → ["0x280403000b…"] or null */
export const archive_v1_body: Handler = ({ backend }, params) => backend.chain.body(hashParam(params, 0))?.map(toHex) ?? null;

/**
 * Runs a runtime API at a block: `{"success":true,"value":"0x…"}`, `{"success":false,"error":"…"}`,
 * or `null` for an unknown block.
 */
export const archive_v1_call: Handler = ({ backend }, params) => {
  const hash = hashParam(params, 0);
  const fn = stringParam(params, 1, { name: 'function' });
  const input = callParametersParam(params, 2);
  if (backend.chain.header(hash) === undefined) return null;
  try {
    return { success: true, value: toHex(backend.state.call(hash, fn, input)) };
  } catch (err) {
    return { success: false, error: err instanceof Error ? err.message : String(err) };
  }
};

/** @example // {"method":"archive_v1_finalizedHeight"} → 42 */
export const archive_v1_finalizedHeight: Handler = ({ backend }) => Number(backend.chain.header(backend.chain.finalizedHash())!.number);

export const archive_v1_genesisHash: Handler = ({ backend }) => toHex(backend.chain.genesisHash());

/** The blocks at a height: one hash on Spindle (no forks), or `[]`. @example // params: [3] → ["0x…"] */
export const archive_v1_hashByHeight: Handler = ({ backend }, params) => {
  const hash = backend.chain.hashAt(numberParam(params, 0, { name: 'height' }));
  return hash === undefined ? [] : [toHex(hash)];
};

/** The SCALE-encoded header as hex, or `null`. */
export const archive_v1_header: Handler = ({ backend }, params) => {
  const header = backend.chain.header(hashParam(params, 0));
  return header === undefined ? null : toHex(encodeHeader(header));
};

/**
 * Storage at any stored block, as `archive_v1_storageEvent` notifications:
 * `{"event":"storage","key":"0x…","value":"0x…"}` (or `hash`, `closestDescendantMerkleValue`)
 * per item, then `{"event":"storageDone"}`; an unknown block → `{"event":"storageError","error":"…"}`.
 * Spindle has no child tries: with a `childTrie`, only `storageDone`.
 *
 * @example
 * // {"method":"archive_v1_storage","params":["0x…",[{"key":"0x26aa…","type":"value"}],null]}
 */
export const archive_v1_storage: Subscription = {
  notification: 'archive_v1_storageEvent',
  unsubscribe: ['archive_v1_stopStorage'],
  handler: ({ backend }, params, sink) => {
    const hash = hashParam(params, 0);
    const queries = storageQueriesParam(params, 1);
    const childTrie = hexParam(params, 2, { name: 'childTrie', optional: true });
    const timer = setImmediate(() => {
      if (backend.chain.header(hash) === undefined) {
        sink.next({ event: 'storageError', error: `Unknown block ${toHex(hash)}` });
      } else {
        try {
          for (const item of storageResults(backend.state, hash, childTrie === undefined ? queries : [])) {
            if (sink.closed) return;
            sink.next({ event: 'storage', ...item });
          }
          sink.next({ event: 'storageDone' });
        } catch (err) {
          sink.next({ event: 'storageError', error: err instanceof Error ? err.message : String(err) });
        }
      }
      sink.close();
    });
    return () => clearImmediate(timer);
  },
};
