import { hexToU8a } from '@polkadot/util';
import type { ParaSlices } from '../RpcBackend.ts';
import { hexParam, u32Param } from '../server/index.ts';
import { paraTransactionsJson } from './paraTransactionsJson.ts';
import { SpindleRpcError } from './SpindleRpcError.ts';
import { streamFinalizedBlocks } from './streamFinalizedBlocks.ts';
import type { Handler, Subscription } from './types.ts';

/**
 * `spindle_*` methods for app chains: each para's ordered transactions in a relay block with
 * their proof against the block header, and a stream of them over finalized blocks. Results and
 * notifications have the {@link ParaTransactionsJson} shape (`./paraTransactionsJson.ts`).
 */

const BACKFILL_CHUNK = 16;

/** Throws UNKNOWN_PARA unless `paraId` is registered at `hash` (or has transactions there). */
function requireKnownPara(paraSlices: ParaSlices, hash: Uint8Array, paraId: number): void {
  if (!paraSlices.isRegistered(hash, paraId)) throw new SpindleRpcError({ code: 'UNKNOWN_PARA', paraId, blockHash: hash });
}

/**
 * Para `paraId`'s slice of a block (the finalized head when `blockHash` is absent or null),
 * with its proof; `null` for an unknown block (as `chain_getHeader`). A para that is not
 * registered at that block is an error (7001).
 *
 * @example
 * // {"method":"spindle_paraTransactions","params":[100]}
 * // → {"paraId":100,"blockHash":"0x…","blockNumber":42,"paraRoot":"0x…","sliceRoot":"0x…",
 * //    "payloads":["0xaa"],"proof":{"leafIndex":0,"leafCount":2,"siblings":["0x…"]},"absence":null}
 */
export const spindle_paraTransactions: Handler = ({ backend }, params) => {
  const paraId = u32Param(params, 0, { name: 'paraId' });
  const hex = hexParam(params, 1, { name: 'blockHash', bytes: 32, optional: true });
  const hash = hex === undefined ? backend.chain.finalizedHash() : hexToU8a(hex);
  const block = backend.paraSlices.at(hash);
  if (block === undefined) return null;
  if (!block.slices.some((s) => s.paraId === paraId)) requireKnownPara(backend.paraSlices, hash, paraId);
  return paraTransactionsJson(block, paraId);
};

/**
 * Streams para `paraId`'s slice of every finalized block from number `fromBlock` on, as
 * `spindle_paraTransactions` notifications — empty slices included, so a client's cursor always
 * advances — each block exactly once and in order: stored blocks first (in chunks), then each
 * newly finalized one. Resume after a disconnect with `fromBlock = last received + 1`. The para
 * must be registered at the finalized head (else 7001).
 *
 * @example
 * // {"method":"spindle_subscribeParaTransactions","params":[100, 1]} → "subscription id"
 * // {"method":"spindle_paraTransactions","params":{"subscription":"…","result":{"paraId":100,"blockNumber":1,…}}}
 */
export const spindle_subscribeParaTransactions: Subscription = {
  notification: 'spindle_paraTransactions',
  unsubscribe: 'spindle_unsubscribeParaTransactions',
  handler: (deps, params, sink) => {
    const paraId = u32Param(params, 0, { name: 'paraId' });
    const from = BigInt(u32Param(params, 1, { name: 'fromBlock' }));
    const { chain, paraSlices } = deps.backend;
    requireKnownPara(paraSlices, chain.finalizedHash(), paraId);
    return streamFinalizedBlocks(
      chain,
      from,
      (hash) => {
        if (sink.closed) return;
        const block = paraSlices.at(hash);
        if (block === undefined) throw new RangeError(`finalized block 0x${Buffer.from(hash).toString('hex')} is not stored`);
        sink.next(paraTransactionsJson(block, paraId));
      },
      {
        chunk: BACKFILL_CHUNK,
        onError: (cause) => {
          deps.logger.error('rpc subscription failed; closing it', { method: 'spindle_subscribeParaTransactions', subscription: sink.id, cause });
          sink.close();
        },
      },
    );
  },
};
