import { encodeHeader, type Header } from '../../primitives/header.ts';
import { boolParam, hexParam, RpcError, stringParam, type HexString } from '../server/index.ts';
import { guardListener } from './guardListener.ts';
import { callParametersParam } from './callParametersParam.ts';
import { bytesParam, toHex } from './paramHelpers.ts';
import { runtimeSpecJson } from './runtimeSpecJson.ts';
import { specV2Error } from './specV2Errors.ts';
import { SPEC_V2_LIMITS, specV2Sessions, type Follow, type FollowOperation } from './specV2Sessions.ts';
import { storageQueriesParam, storageResults, type StorageResultItem } from './storageQueries.ts';
import type { Handler, MethodDeps, Subscription } from './types.ts';
import type { RpcContext } from '../server/index.ts';

/**
 * `chainHead_v1_*` (new JSON-RPC interface, paritytech.github.io/json-rpc-interface-spec).
 * Spindle has no forks (BFT finality), so blocks are reported in chain order and
 * `prunedBlockHashes` is always empty. Operation events are sent after the call's response.
 * Limits: {@link SPEC_V2_LIMITS}.
 */

/**
 * Follows the chain: `chainHead_v1_followEvent` notifications `initialized` (the finalized
 * block; with `withRuntime`, `finalizedBlockRuntime`), `newBlock` for each block above it,
 * `bestBlockChanged`, then as the chain grows `newBlock`, `bestBlockChanged`, `finalized`.
 * Every reported block is pinned until `chainHead_v1_unpin`; pinning more than
 * `maxPinnedBlocks` sends `{"event":"stop"}` and ends the subscription.
 * A third follow on one connection → -32800.
 *
 * @example
 * // {"method":"chainHead_v1_follow","params":[true]} → "<id>", then
 * // {"event":"initialized","finalizedBlockHashes":["0x…"],"finalizedBlockRuntime":{"type":"valid","spec":{…}}}
 * // {"event":"newBlock","blockHash":"0x…","parentBlockHash":"0x…","newRuntime":null}
 * // {"event":"bestBlockChanged","bestBlockHash":"0x…"}
 * // {"event":"finalized","finalizedBlockHashes":["0x…"],"prunedBlockHashes":[]}
 */
export const chainHead_v1_follow: Subscription = {
  notification: 'chainHead_v1_followEvent',
  unsubscribe: ['chainHead_v1_unfollow'],
  handler: (deps, params, sink, ctx) => {
    const withRuntime = boolParam(params, 0, { name: 'withRuntime' });
    const sessions = specV2Sessions(deps);
    if (sessions.followCount(ctx.connectionId) >= SPEC_V2_LIMITS.maxFollowsPerConnection) throw specV2Error('REACHED_LIMITS');
    const chain = deps.backend.chain;
    const follow: Follow = { id: sink.id, connectionId: ctx.connectionId, withRuntime, sink, pinned: new Map(), operations: new Map(), nextOperation: 0 };
    sessions.follows.set(sink.id, follow);

    const stop = (): void => {
      sink.next({ event: 'stop' });
      sink.close();
    };
    /** Pins a block; false (and the subscription stopped) when over the limit. */
    const pin = (hash: Uint8Array): boolean => {
      if (follow.pinned.size >= SPEC_V2_LIMITS.maxPinnedBlocks) {
        stop();
        return false;
      }
      follow.pinned.set(toHex(hash), hash);
      return true;
    };

    const finalizedHash = chain.finalizedHash();
    const finalizedHeader = requireHeader(deps, finalizedHash);
    let reportedUpTo = finalizedHeader.number;
    let finalizedUpTo = finalizedHeader.number;
    let best = toHex(finalizedHash);
    pin(finalizedHash);
    sink.next({
      event: 'initialized',
      finalizedBlockHashes: [best],
      ...(withRuntime ? { finalizedBlockRuntime: runtimeSpecJson(deps.backend.state.runtimeVersion(finalizedHash)) } : {}),
    });

    /** Sends `newBlock` for every canonical block up to `n` not yet reported. */
    const reportUpTo = (n: bigint): boolean => {
      while (reportedUpTo < n && !sink.closed) {
        const hash = chain.hashAt(reportedUpTo + 1n);
        if (hash === undefined) return false;
        const header = requireHeader(deps, hash);
        if (!pin(hash)) return false;
        reportedUpTo++;
        sink.next({ event: 'newBlock', blockHash: toHex(hash), parentBlockHash: toHex(header.parentHash), newRuntime: null });
      }
      return !sink.closed;
    };
    const bestChanged = (hash: Uint8Array): void => {
      const hex = toHex(hash);
      if (hex === best) return;
      best = hex;
      sink.next({ event: 'bestBlockChanged', bestBlockHash: hex });
    };

    const bestHash = chain.bestHash();
    if (reportUpTo(requireHeader(deps, bestHash).number)) bestChanged(bestHash);

    const offBest = chain.onBestBlock(
      guardListener(deps, sink, 'chainHead_v1_follow', (hash: Uint8Array, header: Header) => {
        if (reportUpTo(header.number)) bestChanged(hash);
      }),
    );
    const offFinalized = chain.onFinalized(
      guardListener(deps, sink, 'chainHead_v1_follow', (_hash: Uint8Array, header: Header) => {
        if (header.number <= finalizedUpTo || !reportUpTo(header.number)) return;
        const finalizedBlockHashes: HexString[] = [];
        for (let n = finalizedUpTo + 1n; n <= header.number; n++) finalizedBlockHashes.push(toHex(chain.hashAt(n)!));
        finalizedUpTo = header.number;
        sink.next({ event: 'finalized', finalizedBlockHashes, prunedBlockHashes: [] });
      }),
    );
    return () => {
      offBest();
      offFinalized();
      for (const op of follow.operations.values()) op.stopped = true;
      follow.operations.clear();
      follow.pinned.clear();
      sessions.follows.delete(follow.id);
    };
  },
};

/**
 * The SCALE-encoded header of a pinned block as hex; `null` when the follow subscription is
 * invalid or stale; -32801 when the block is not pinned by it.
 */
export const chainHead_v1_header: Handler = (deps, params, ctx) => {
  const follow = followParam(deps, params, ctx);
  if (follow === undefined) return null;
  const hash = pinnedParam(follow, params, 1);
  return toHex(encodeHeader(requireHeader(deps, hash)));
};

/**
 * Starts reading a pinned block's body: `{"result":"started","operationId":"…"}` (or
 * `{"result":"limitReached"}`), then `{"event":"operationBodyDone","operationId":"…","value":["0x…"]}`.
 */
export const chainHead_v1_body: Handler = (deps, params, ctx) => {
  const follow = followParam(deps, params, ctx);
  if (follow === undefined) return null;
  const hash = pinnedParam(follow, params, 1);
  return startOperation(follow, (op) => {
    const body = deps.backend.chain.body(hash);
    if (body === undefined) send(follow, op, { event: 'operationInaccessible', operationId: op.id });
    else send(follow, op, { event: 'operationBodyDone', operationId: op.id, value: body.map(toHex) });
    finish(follow, op);
  });
};

/**
 * Calls a runtime API at a pinned block: `operationCallDone` with `output`, or
 * `operationError` with `error`. -32802 when the subscription was started without `withRuntime`.
 *
 * @example
 * // {"method":"chainHead_v1_call","params":["<sub>","0x…","Metadata_metadata_versions","0x"]}
 * // → {"result":"started","operationId":"1"}, then {"event":"operationCallDone","operationId":"1","output":"0x080e0000000f000000"}
 */
export const chainHead_v1_call: Handler = (deps, params, ctx) => {
  const follow = followParam(deps, params, ctx);
  if (follow === undefined) return null;
  const hash = pinnedParam(follow, params, 1);
  const fn = stringParam(params, 2, { name: 'function' });
  const input = callParametersParam(params, 3);
  if (!follow.withRuntime) throw specV2Error('INVALID_RUNTIME_CALL');
  return startOperation(follow, (op) => {
    try {
      const output = deps.backend.state.call(hash, fn, input);
      send(follow, op, { event: 'operationCallDone', operationId: op.id, output: toHex(output) });
    } catch (err) {
      send(follow, op, { event: 'operationError', operationId: op.id, error: err instanceof Error ? err.message : String(err) });
    }
    finish(follow, op);
  });
};

/**
 * Reads storage at a pinned block: `{"result":"started","operationId":"…","discardedItems":0}`,
 * then `operationStorageItems` events of at most `storageItemsPerPage` items, each followed by
 * `operationWaitingForContinue` while more remain (resumed by `chainHead_v1_continue`), and
 * finally `operationStorageDone`. Spindle has no child tries: with a `childTrie`, no items.
 *
 * @example
 * // params: ["<sub>","0x…",[{"key":"0x26aa…","type":"value"},{"key":"0x26aa","type":"descendantsHashes"}],null]
 */
export const chainHead_v1_storage: Handler = (deps, params, ctx) => {
  const follow = followParam(deps, params, ctx);
  if (follow === undefined) return null;
  const hash = pinnedParam(follow, params, 1);
  const queries = storageQueriesParam(params, 2);
  const childTrie = hexParam(params, 3, { name: 'childTrie', optional: true });
  const items = storageResults(deps.backend.state, hash, childTrie === undefined ? queries : []);
  const started = startOperation(follow, (op) => {
    let ahead = items.next();
    const page = (): void => {
      if (op.stopped) return;
      const batch: StorageResultItem[] = [];
      while (!ahead.done && batch.length < SPEC_V2_LIMITS.storageItemsPerPage) {
        batch.push(ahead.value);
        ahead = items.next();
      }
      if (batch.length > 0) send(follow, op, { event: 'operationStorageItems', operationId: op.id, items: batch });
      if (!ahead.done) {
        op.resume = page;
        send(follow, op, { event: 'operationWaitingForContinue', operationId: op.id });
      } else {
        send(follow, op, { event: 'operationStorageDone', operationId: op.id });
        finish(follow, op);
      }
    };
    page();
  });
  return started.result === 'started' ? { ...started, discardedItems: 0 } : started;
};

/** Resumes a storage operation that sent `operationWaitingForContinue`; -32803 otherwise. */
export const chainHead_v1_continue: Handler = (deps, params, ctx) => {
  const follow = followParam(deps, params, ctx);
  if (follow === undefined) return null;
  const op = follow.operations.get(stringParam(params, 1, { name: 'operationId' }));
  const resume = op?.resume;
  if (op === undefined || resume === undefined) throw specV2Error('INVALID_CONTINUE');
  op.resume = undefined;
  setImmediate(() => {
    try {
      resume();
    } catch (err) {
      fail(follow, op, err);
    }
  });
  return null;
};

/** Stops an operation: no more events for it. Unknown ids and stale subscriptions are ignored. */
export const chainHead_v1_stopOperation: Handler = (deps, params, ctx) => {
  const follow = followParam(deps, params, ctx);
  if (follow === undefined) return null;
  const op = follow.operations.get(stringParam(params, 1, { name: 'operationId' }));
  if (op !== undefined) finish(follow, op);
  return null;
};

/**
 * Unpins one block or several (all or none): -32801 when one is not pinned, -32804 on
 * duplicates; ignored for an invalid or stale subscription.
 */
export const chainHead_v1_unpin: Handler = (deps, params, ctx) => {
  const follow = followParam(deps, params, ctx);
  const raw = params[1];
  const list = Array.isArray(raw) ? raw : [raw];
  const hashes = list.map((_, j) => toHex(bytesParam(list, j, 'hashOrHashes')));
  if (follow === undefined) return null;
  if (new Set(hashes).size !== hashes.length) throw specV2Error('DUPLICATE_HASHES');
  if (hashes.some((h) => !follow.pinned.has(h))) throw specV2Error('INVALID_BLOCK');
  for (const h of hashes) follow.pinned.delete(h);
  return null;
};

function followParam(deps: MethodDeps, params: readonly unknown[], ctx: RpcContext): Follow | undefined {
  const id = stringParam(params, 0, { name: 'followSubscription' });
  return specV2Sessions(deps).follow(id, ctx.connectionId);
}

function pinnedParam(follow: Follow, params: readonly unknown[], i: number): Uint8Array {
  const hash = follow.pinned.get(hexParam(params, i, { name: 'hash', bytes: 32 }).toLowerCase());
  if (hash === undefined) throw specV2Error('INVALID_BLOCK');
  return hash;
}

function requireHeader(deps: MethodDeps, hash: Uint8Array): Header {
  const header = deps.backend.chain.header(hash);
  if (header === undefined) throw new RpcError('INTERNAL', `Block ${toHex(hash)} is not stored`);
  return header;
}

/** Registers an operation and runs `work` after the response is sent. */
function startOperation(follow: Follow, work: (op: FollowOperation) => void): { result: 'started'; operationId: string } | { result: 'limitReached' } {
  if (follow.operations.size >= SPEC_V2_LIMITS.maxOperations) return { result: 'limitReached' };
  const op: FollowOperation = { id: String(++follow.nextOperation), stopped: false, resume: undefined };
  follow.operations.set(op.id, op);
  setImmediate(() => {
    if (op.stopped || follow.sink.closed) return;
    try {
      work(op);
    } catch (err) {
      fail(follow, op, err);
    }
  });
  return { result: 'started', operationId: op.id };
}

function fail(follow: Follow, op: FollowOperation, err: unknown): void {
  send(follow, op, { event: 'operationError', operationId: op.id, error: err instanceof Error ? err.message : String(err) });
  finish(follow, op);
}

function send(follow: Follow, op: FollowOperation, event: Record<string, unknown>): void {
  if (!op.stopped) follow.sink.next(event);
}

function finish(follow: Follow, op: FollowOperation): void {
  op.stopped = true;
  op.resume = undefined;
  follow.operations.delete(op.id);
}
