import { TxRejectedError } from '../TxRejectedError.ts';
import { bytesParam, toHex } from './paramHelpers.ts';
import { checkExtrinsicFormat } from './checkExtrinsicFormat.ts';
import type { Handler, Subscription } from './types.ts';
import { isFinalWatchStatus, watchStatusJson } from './watchStatusJson.ts';

/**
 * `author_*` methods (Substrate's `sc-rpc` author API). The pool validates; its refusals are
 * 1010–1019 with Substrate's messages (see rpcErrorTable). Bytes that are not hex → -32602;
 * a wrong length prefix → 1001 "Extrinsic has invalid format". The keystore methods
 * (`author_insertKey`, `author_rotateKeys`, `author_hasKey`, `author_hasSessionKeys`) and
 * `author_removeExtrinsic` are not offered: the RPC backend exposes no keystore and no removal.
 */

/**
 * Submits a signed extrinsic; answers its hash.
 *
 * @example
 * // {"method":"author_submitExtrinsic","params":["0x4502840…"]} → "0x…" (blake2-256 of the bytes)
 */
export const author_submitExtrinsic: Handler = async ({ backend }, params) => {
  const tx = bytesParam(params, 0, 'extrinsic');
  checkExtrinsicFormat(tx);
  return toHex(await backend.pool.submit(tx));
};

/** Every transaction in the pool (ready and future), oldest first. */
export const author_pendingExtrinsics: Handler = ({ backend }) => backend.pool.pending().map(toHex);

/**
 * Submits and streams `author_extrinsicUpdate` statuses: `"future"`/`"ready"`, then e.g.
 * `{"broadcast":[…]}`, `{"inBlock":"0x…"}`, `{"retracted":"0x…"}`, and one final
 * `{"finalized":"0x…"}`, `{"usurped":"0x…"}`, `"dropped"` or `"invalid"`, after which the
 * subscription ends by itself.
 *
 * A pool refusal rejects the call with the pool's error when the transport waits for the
 * handler (Substrate's behaviour). The current transport answers the subscription id before an
 * asynchronous handler settles, so the refusal is also sent as a final `"invalid"` (1010/1011)
 * or `"dropped"` status, which the transport discards when it rejects the call instead.
 */
export const author_submitAndWatchExtrinsic: Subscription = {
  notification: 'author_extrinsicUpdate',
  unsubscribe: ['author_unwatchExtrinsic'],
  handler: ({ backend }, params, sink) => {
    const tx = bytesParam(params, 0, 'extrinsic');
    checkExtrinsicFormat(tx);
    return backend.pool
      .submitAndWatch(tx, (status) => {
        sink.next(watchStatusJson(status));
        if (isFinalWatchStatus(status)) sink.close();
      })
      .then(
        ({ stop }) => stop,
        (err: unknown) => {
          const invalid = err instanceof TxRejectedError && err.invalid;
          sink.next(invalid ? 'invalid' : 'dropped');
          throw err;
        },
      );
  },
};
