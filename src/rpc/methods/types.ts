import type { RpcBackend } from '../RpcBackend.ts';
import type { Logger, RpcContext, SubscriptionSink, Teardown } from '../server/index.ts';
import type { SpecV2Sessions } from './specV2Sessions.ts';

/** What every handler receives besides its params: the node, and the server's callable names. */
export interface MethodDeps {
  readonly backend: RpcBackend;
  /** Every callable method name under the server's safe/unsafe setting (for `rpc_methods`). */
  readonly methodNames: () => string[];
  /** Whether the server runs with unsafe methods allowed (for handlers safe only with some params). */
  readonly unsafeAllowed: () => boolean;
  /** Where subscription failures after subscribing go (the client only sees the subscription end). */
  readonly logger: Logger;
  /** State of the new-spec methods (follows, operations, broadcasts), owned by this method table. */
  readonly specV2: SpecV2Sessions;
}

/**
 * A plain method, exported under its wire name (`export const chain_getBlockHash: Handler = …`).
 * Returns the JSON result; throws typed errors, which `rpcErrorTable` maps to JSON-RPC errors.
 */
export interface Handler {
  (deps: MethodDeps, params: readonly unknown[], ctx: RpcContext): unknown;
  /** Only callable under `--rpc-methods unsafe`; set with {@link unsafeHandler}. */
  readonly unsafe?: true;
}

/**
 * A subscription, exported under its subscribe name
 * (`export const chain_subscribeNewHeads: Subscription = { notification: 'chain_newHead', … }`).
 * An alias is a re-export under the alias name.
 */
export interface Subscription {
  readonly unsubscribe: string | readonly string[];
  readonly notification: string;
  readonly handler: (deps: MethodDeps, params: readonly unknown[], sink: SubscriptionSink, ctx: RpcContext) => Teardown | Promise<Teardown>;
  readonly unsafe?: true;
}

/** Marks a handler as unsafe (Substrate's `deny_unsafe`). */
export function unsafeHandler(handler: (deps: MethodDeps, params: readonly unknown[], ctx: RpcContext) => unknown): Handler {
  return Object.assign((deps: MethodDeps, params: readonly unknown[], ctx: RpcContext) => handler(deps, params, ctx), { unsafe: true as const });
}
