import type { MethodDef, RpcMethods, SubscriptionDef } from '../../rpc/server/index.ts';
import { hexParam } from '../../rpc/server/index.ts';
import type { AppChainConnector, SubscriptionMethods } from '../connectors/AppChainConnector.ts';
import { ConnectorError } from '../connectors/ConnectorError.ts';
import { CandidateError } from './CandidateError.ts';
import { candidateRpcError, forwardedRpcError } from './candidateRpcError.ts';
import { hashHex } from './payloadHash.ts';

/** What the collator reports about itself (`collator_status`). */
export interface CollatorStatus {
  readonly paraId: number;
  readonly queued: number;
  readonly inFlight: { readonly txHash: `0x${string}`; readonly relayParentNumber: number; readonly payloads: number } | null;
  readonly lastScannedRelayBlock: number | null;
  /** The last relay block whose slice the app chain executed (null without an executor). */
  readonly executedRelayBlock?: number | null;
  /** The app chain's latest block the executor produced (null before the first, or without an executor). */
  readonly appBlockNumber?: number | null;
}

export interface CollatorRpcDeps {
  readonly gatherer: { submit(payload: Uint8Array): Promise<Uint8Array>; pending(): Uint8Array[] };
  readonly status: () => CollatorStatus;
  /** The app chain's node, for the reads a wallet needs; `methods` is its `rpc_methods` list. */
  readonly appChain?: { readonly connector: AppChainConnector; readonly methods: readonly string[] };
}

/** The legacy subscriptions forwarded to the app chain's node when it offers them. */
const FORWARDED_SUBSCRIPTIONS: readonly (SubscriptionMethods & { readonly aliases?: readonly string[] })[] = [
  { subscribe: 'chain_subscribeNewHeads', unsubscribe: 'chain_unsubscribeNewHeads', notification: 'chain_newHead', aliases: ['chain_unsubscribeNewHead'] },
  { subscribe: 'chain_subscribeFinalizedHeads', unsubscribe: 'chain_unsubscribeFinalizedHeads', notification: 'chain_finalizedHead', aliases: ['chain_unsubscribeFinalisedHeads'] },
  { subscribe: 'chain_subscribeAllHeads', unsubscribe: 'chain_unsubscribeAllHeads', notification: 'chain_allHead' },
  { subscribe: 'state_subscribeRuntimeVersion', unsubscribe: 'state_unsubscribeRuntimeVersion', notification: 'state_runtimeVersion' },
  { subscribe: 'state_subscribeStorage', unsubscribe: 'state_unsubscribeStorage', notification: 'state_storage' },
];

/** Methods never forwarded: transaction submission belongs to the collator, and other pub/sub families are not bridged. */
const NOT_FORWARDED = /^author_|subscribe|follow|watch|^transaction(Watch)?_|^transactionWatch_/i;

/**
 * The collator's JSON-RPC table, served by the project's RpcServer (ws + http on one port):
 * - `author_submitExtrinsic(hex)` → hash: the extrinsic is queued for sequencing (durably);
 *   refusals as a Substrate pool words them: 1010 "Invalid Transaction" (empty, over
 *   `Sequencer.MaxPayloadBytes`, with the reason in `data`), 1013 "Transaction Already
 *   Imported" (duplicate), 1016 (queue full), -32602 (not hex);
 * - `author_pendingExtrinsics` → the queued extrinsics, in order;
 * - `collator_status`, `rpc_methods`;
 * - everything else the app chain's node offers (metadata, runtime version, storage, nonces,
 *   the legacy head/runtime/storage subscriptions) is forwarded to it, so @polkadot/api and
 *   wallets can point at the collator and sign as against the node itself.
 *
 * @example
 * const server = new RpcServer(collatorRpcMethods({ gatherer, status }), { host: '127.0.0.1', port: 9988, methods: 'safe', cors: 'all', logger });
 * // {"method":"author_submitExtrinsic","params":["0x2d02840…"]} → "0x…" (blake2-256 of the bytes)
 */
export function collatorRpcMethods(deps: CollatorRpcDeps): RpcMethods {
  const local: Record<string, MethodDef> = {
    author_submitExtrinsic: {
      handler: async (_ctx, params) => {
        const bytes = hexParam(params, 0, { name: 'extrinsic' });
        try {
          return hashHex(await deps.gatherer.submit(Uint8Array.from(Buffer.from(bytes.slice(2), 'hex'))));
        } catch (e) {
          if (e instanceof CandidateError) throw candidateRpcError(e);
          throw e;
        }
      },
    },
    author_pendingExtrinsics: { handler: () => deps.gatherer.pending().map((p) => hashHex(p)) },
    collator_status: { handler: () => deps.status() },
  };
  const appChain = deps.appChain;
  const offered = new Set(appChain?.methods ?? []);
  const subscriptions: SubscriptionDef[] = [];
  const bridged = new Set<string>();
  if (appChain !== undefined) {
    for (const sub of FORWARDED_SUBSCRIPTIONS) {
      if (!offered.has(sub.subscribe)) continue;
      const unsubscribes = [sub.unsubscribe, ...(sub.aliases ?? [])];
      for (const name of [sub.subscribe, ...unsubscribes]) bridged.add(name);
      subscriptions.push({
        subscribe: sub.subscribe,
        unsubscribe: unsubscribes,
        notification: sub.notification,
        handler: async (_ctx, params, sink) => {
          try {
            const unsubscribe = await appChain.connector.subscribe(sub, params, (result) => sink.next(result));
            return () => void unsubscribe().catch(() => undefined);
          } catch (e) {
            throw e instanceof ConnectorError ? forwardedRpcError(e) : e;
          }
        },
      });
    }
  }
  const forwarded: Record<string, MethodDef> = {};
  if (appChain !== undefined) {
    for (const method of offered) {
      if (method in local || method === 'rpc_methods' || bridged.has(method) || NOT_FORWARDED.test(method)) continue;
      forwarded[method] = {
        handler: async (_ctx, params) => {
          try {
            return await appChain.connector.request(method, params);
          } catch (e) {
            throw e instanceof ConnectorError ? forwardedRpcError(e) : e;
          }
        },
      };
    }
  }
  const methods: Record<string, MethodDef> = { ...forwarded, ...local };
  const names = [...Object.keys(methods), 'rpc_methods', ...subscriptions.flatMap((s) => [s.subscribe, ...(typeof s.unsubscribe === 'string' ? [s.unsubscribe] : s.unsubscribe)])].sort();
  methods['rpc_methods'] = { handler: () => ({ version: 1, methods: names }) };
  return { methods, subscriptions };
}
