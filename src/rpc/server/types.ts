/** Who is calling: handlers may key per-connection state on `connectionId`. */
export interface RpcContext {
  /** Unique per server run: one per WebSocket connection, one per HTTP request. */
  readonly connectionId: number;
  readonly transport: 'ws' | 'http';
}

/**
 * A plain method. Returns the JSON `result` (any JSON-serialisable value; `undefined` is sent
 * as `null`). Throw {@link RpcError} for a JSON-RPC error; anything else becomes -32603.
 *
 * @example
 * const chain_getBlockHash: MethodHandler = async (_ctx, params) => {
 *   const n = numberParam(params, 0, { optional: true, name: 'blockNumber' });
 *   return n === undefined ? best.hash : hashAt(n);
 * };
 */
export type MethodHandler = (ctx: RpcContext, params: readonly unknown[]) => unknown | Promise<unknown>;

/** The server side of one subscription. */
export interface SubscriptionSink {
  /**
   * Sends one notification `{method: <notification>, params: {subscription: id, result}}`.
   * Never sent before the subscribe response; a no-op once closed. A notification larger than
   * the server's `maxResponseBytes` is dropped (and logged).
   */
  next(result: unknown): void;
  /**
   * Ends the subscription from the server side (e.g. chainHead's `stop` event, sent by the
   * handler through `next` before closing). Sends nothing by itself; runs the teardown once.
   */
  close(): void;
  readonly closed: boolean;
  /** The subscription id sent to the client (16 random alphanumeric characters, like Substrate). */
  readonly id: string;
}

/** Returned by a subscription handler; run exactly once when the subscription ends for any reason. */
export type Teardown = () => void;

/**
 * A pub/sub method family, e.g.
 * `{subscribe: 'chain_subscribeNewHeads', unsubscribe: 'chain_unsubscribeNewHeads', notification: 'chain_newHead'}`.
 */
export interface SubscriptionDef {
  readonly subscribe: string;
  /** One name, or several aliases (Substrate keeps legacy ones, e.g. `chain_unsubscribeNewHead`). */
  readonly unsubscribe: string | readonly string[];
  readonly notification: string;
  /**
   * Starts the subscription and returns its teardown.
   * Throwing (an RpcError, or anything before the first `await` of an async handler) rejects
   * the subscribe call and no subscription exists. Otherwise the client receives the
   * subscription id first; `sink.next` calls made before that are queued, never reordered.
   * If a returned promise rejects later, the subscription is closed (the error is logged).
   */
  readonly handler: (ctx: RpcContext, params: readonly unknown[], sink: SubscriptionSink) => Teardown | Promise<Teardown>;
  /** Unavailable (-32601, "unsafe") when the server runs with `methods: 'safe'`. */
  readonly unsafe?: boolean;
}

export interface MethodDef {
  readonly handler: MethodHandler;
  /** Unavailable (-32601, "unsafe") when the server runs with `methods: 'safe'`. */
  readonly unsafe?: boolean;
}

/**
 * Everything the server answers. Namespaces are spread into one table so no separate list drifts:
 *
 * @example
 * const table: RpcMethods = {
 *   methods: { ...chainMethods(deps), ...stateMethods(deps) },
 *   subscriptions: [...chainSubscriptions(deps)],
 * };
 */
export interface RpcMethods {
  readonly methods: Readonly<Record<string, MethodDef>>;
  readonly subscriptions: readonly SubscriptionDef[];
}
