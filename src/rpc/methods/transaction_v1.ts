import { TxRejectedError } from '../TxRejectedError.ts';
import type { RpcBackend, WatchStatus } from '../RpcBackend.ts';
import { stringParam } from '../server/index.ts';
import { checkExtrinsicFormat } from './checkExtrinsicFormat.ts';
import { bytesParam, toHex } from './paramHelpers.ts';
import { specV2Error } from './specV2Errors.ts';
import { SPEC_V2_LIMITS, specV2Sessions } from './specV2Sessions.ts';
import type { Handler, Subscription } from './types.ts';

/**
 * `transaction_v1_*` and `transactionWatch_v1_*` (new JSON-RPC interface). Both submit to the
 * node's pool, which gossips what it accepts.
 */

/**
 * Submits a transaction and keeps the operation until `transaction_v1_stop` or until the
 * transaction leaves the pool (finalized, invalid, dropped). Answers an operation id, or `null`
 * when the connection already has `maxBroadcastsPerConnection` operations. A transaction the
 * pool refuses is dropped silently, as the spec says.
 *
 * @example
 * // {"method":"transaction_v1_broadcast","params":["0x…"]} → "broadcast-1"
 */
export const transaction_v1_broadcast: Handler = (deps, params, ctx) => {
  const tx = bytesParam(params, 0, 'transaction');
  const sessions = specV2Sessions(deps);
  if (sessions.broadcastCount(ctx.connectionId) >= SPEC_V2_LIMITS.maxBroadcastsPerConnection) return null;
  const id = sessions.newBroadcastId();
  let stopWatching: (() => void) | undefined;
  let done = false;
  const end = (): void => {
    done = true;
    sessions.broadcasts.delete(id);
    stopWatching?.();
  };
  sessions.broadcasts.set(id, { connectionId: ctx.connectionId, stop: end });
  try {
    checkExtrinsicFormat(tx);
  } catch {
    end();
    return id;
  }
  deps.backend.pool
    .submitAndWatch(tx, (s) => {
      if (s.kind === 'finalized' || s.kind === 'invalid' || s.kind === 'dropped' || s.kind === 'usurped') end();
    })
    .then(
      ({ stop }) => {
        if (done) stop();
        else stopWatching = stop;
      },
      () => end(),
    );
  return id;
};

/** Stops a broadcast; -32602 when `operationId` is not an active broadcast. */
export const transaction_v1_stop: Handler = (deps, params, ctx) => {
  const id = stringParam(params, 0, { name: 'operationId' });
  const sessions = specV2Sessions(deps);
  const b = sessions.broadcasts.get(id);
  if (b === undefined || b.connectionId !== ctx.connectionId) throw specV2Error('INVALID_OPERATION_ID');
  b.stop();
  return null;
};

/**
 * Submits and reports `transactionWatch_v1_watchEvent`s: `{"event":"validated"}`, then
 * `{"event":"bestChainBlockIncluded","block":{"hash":"0x…","index":0}}` (or `"block":null` when
 * retracted), and one final `finalized` (with `block`), `invalid` or `dropped` (with `error`),
 * after which the subscription ends. A refused transaction gets `invalid`/`dropped` at once.
 *
 * @example
 * // {"method":"transactionWatch_v1_submitAndWatch","params":["0x…"]} → "<id>", then
 * // {"event":"validated"}, {"event":"bestChainBlockIncluded","block":{"hash":"0x…","index":1}},
 * // {"event":"finalized","block":{"hash":"0x…","index":1}}
 */
export const transactionWatch_v1_submitAndWatch: Subscription = {
  notification: 'transactionWatch_v1_watchEvent',
  unsubscribe: ['transactionWatch_v1_unwatch'],
  handler: ({ backend }, params, sink) => {
    const tx = bytesParam(params, 0, 'transaction');
    checkExtrinsicFormat(tx);
    let validated = false;
    const onStatus = (s: WatchStatus): void => {
      const event = watchEvent(backend, tx, s, validated);
      if (event === undefined) return;
      if (event['event'] === 'validated') validated = true;
      sink.next(event);
      if (event['event'] === 'finalized' || event['event'] === 'invalid' || event['event'] === 'dropped') sink.close();
    };
    return backend.pool.submitAndWatch(tx, onStatus).then(
      ({ stop }) => stop,
      (err: unknown) => {
        const invalid = err instanceof TxRejectedError && err.invalid;
        sink.next({ event: invalid ? 'invalid' : 'dropped', error: err instanceof Error ? err.message : String(err) });
        sink.close();
        return () => {};
      },
    );
  },
};

function watchEvent(backend: RpcBackend, tx: Uint8Array, s: WatchStatus, validated: boolean): Record<string, unknown> | undefined {
  switch (s.kind) {
    case 'future':
    case 'ready':
      return validated ? undefined : { event: 'validated' };
    case 'broadcast':
      return undefined;
    case 'inBlock':
      return { event: 'bestChainBlockIncluded', block: { hash: toHex(s.blockHash), index: indexIn(backend, s.blockHash, tx) } };
    case 'retracted':
      return { event: 'bestChainBlockIncluded', block: null };
    case 'finalized':
      return { event: 'finalized', block: { hash: toHex(s.blockHash), index: indexIn(backend, s.blockHash, tx) } };
    case 'usurped':
      return { event: 'invalid', error: 'Extrinsic was rendered invalid by another extrinsic' };
    case 'dropped':
      return { event: 'dropped', error: 'Extrinsic dropped from the pool due to exceeding limits' };
    case 'invalid':
      return { event: 'invalid', error: 'Extrinsic marked as invalid' };
  }
}

/** The 0-based position of `tx` in the block's body (0 when not found). */
function indexIn(backend: RpcBackend, blockHash: Uint8Array, tx: Uint8Array): number {
  const body = backend.chain.body(blockHash) ?? [];
  const i = body.findIndex((x) => Buffer.compare(x, tx) === 0);
  return i < 0 ? 0 : i;
}
