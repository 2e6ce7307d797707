import { headerToJson, type Header } from '../../primitives/header.ts';
import type { ChainReader } from '../RpcBackend.ts';
import { numberParam } from '../server/index.ts';
import { guardListener } from './guardListener.ts';
import { justificationsJson } from './justificationsJson.ts';
import { blockParam, toHex } from './paramHelpers.ts';
import { RpcMethodError } from './RpcMethodError.ts';
import type { Handler, Subscription } from './types.ts';

/**
 * `chain_*` methods (Substrate's `sc-rpc` chain API). Unknown blocks answer `null`, as in
 * Substrate; headers carry their number as hex (`headerToJson`).
 */

const U32_MAX = 0xffff_ffffn;

function hashAt(chain: ChainReader, n: bigint): string | null {
  if (n > U32_MAX) throw new RpcMethodError({ code: 'BLOCK_NUMBER_TOO_LARGE', value: n });
  const hash = chain.hashAt(n);
  return hash === undefined ? null : toHex(hash);
}

/**
 * The hash of a canonical block by number (JSON number or `0x` hex), of several (an array in,
 * an array out), or of the best block (no param). Unknown numbers → `null`.
 *
 * @example
 * // {"method":"chain_getBlockHash","params":[0]} → "0x…" (genesis)
 * // {"method":"chain_getBlockHash","params":[[0, "0x1", 99]]} → ["0x…", "0x…", null]
 */
export const chain_getBlockHash: Handler = ({ backend }, params) => {
  const list = params[0];
  if (Array.isArray(list)) {
    return list.map((item, j) => hashAt(backend.chain, numberParam([item], 0, { name: `blockNumbers[${j}]` })));
  }
  const n = numberParam(params, 0, { name: 'blockNumber', optional: true });
  return n === undefined ? toHex(backend.chain.bestHash()) : hashAt(backend.chain, n);
};
export const chain_getHead = chain_getBlockHash;

/** @example // {"method":"chain_getFinalizedHead"} → "0x…" */
export const chain_getFinalizedHead: Handler = ({ backend }) => toHex(backend.chain.finalizedHash());
export const chain_getFinalisedHead = chain_getFinalizedHead;

/**
 * The header of a block (the best one without a param), or `null` when unknown.
 *
 * @example
 * // → {"parentHash":"0x…","number":"0x2a","stateRoot":"0x…","extrinsicsRoot":"0x…","digest":{"logs":["0x…"]}}
 */
export const chain_getHeader: Handler = ({ backend }, params) => {
  const header = backend.chain.header(blockParam(backend.chain, params, 0, 'hash'));
  return header === undefined ? null : headerToJson(header);
};

/**
 * A block as Substrate's `SignedBlock`, or `null` when unknown. Extrinsics are hex (each with
 * its length prefix); `justifications` is `null` or `[[[engine id bytes], [justification bytes]]…]`.
 *
 * @example
 * // → {"block":{"header":{…},"extrinsics":["0x280402000b…"]},"justifications":null}
 */
export const chain_getBlock: Handler = ({ backend }, params) => {
  const hash = blockParam(backend.chain, params, 0, 'hash');
  const header = backend.chain.header(hash);
  const body = header === undefined ? undefined : backend.chain.body(hash);
  if (header === undefined || body === undefined) return null;
  const justifications = backend.chain.justifications(hash);
  return {
    block: { header: headerToJson(header), extrinsics: body.map(toHex) },
    justifications: justifications === undefined ? null : justificationsJson(justifications),
  };
};

type HeadSource = (chain: ChainReader) => { current: Uint8Array; listen: (l: (hash: Uint8Array, header: Header) => void) => () => void };

/** A head subscription: the current head at once, then every new one. */
function heads(notification: string, unsubscribe: readonly string[], source: HeadSource): Subscription {
  return {
    notification,
    unsubscribe,
    handler: (deps, _params, sink) => {
      const chain = deps.backend.chain;
      const { current, listen } = source(chain);
      const header = chain.header(current);
      if (header !== undefined) sink.next(headerToJson(header));
      return listen(guardListener(deps, sink, notification, (_hash: Uint8Array, h: Header) => sink.next(headerToJson(h))));
    },
  };
}

const best: HeadSource = (chain) => ({ current: chain.bestHash(), listen: (l) => chain.onBestBlock(l) });
const finalized: HeadSource = (chain) => ({ current: chain.finalizedHash(), listen: (l) => chain.onFinalized(l) });

/** New best heads: `chain_newHead` notifications carrying a header. */
export const chain_subscribeNewHeads = heads('chain_newHead', ['chain_unsubscribeNewHeads', 'chain_unsubscribeNewHead'], best);
export const chain_subscribeNewHead = chain_subscribeNewHeads;

/** Finalized heads: `chain_finalizedHead` notifications. */
export const chain_subscribeFinalizedHeads = heads(
  'chain_finalizedHead',
  ['chain_unsubscribeFinalizedHeads', 'chain_unsubscribeFinalisedHeads'],
  finalized,
);
export const chain_subscribeFinalisedHeads = chain_subscribeFinalizedHeads;

/**
 * Every imported head: `chain_allHead`. Spindle imports only blocks that extend its best chain
 * (BFT finality, no forks), so these are the best heads.
 */
export const chain_subscribeAllHeads = heads('chain_allHead', ['chain_unsubscribeAllHeads'], best);
