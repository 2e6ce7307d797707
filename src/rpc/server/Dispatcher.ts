import type { Logger } from './Logger.ts';
import type { MethodDef, RpcContext, RpcMethods, SubscriptionDef } from './types.ts';
import type { SubscriptionRegistry } from './SubscriptionRegistry.ts';
import { RpcError } from './RpcError.ts';
import { RpcServerError } from './RpcServerError.ts';
import { parseJsonRpcMessage, type JsonRpcEntry, type JsonRpcId } from './jsonRpcMessage.ts';

export interface DispatcherOptions {
  /** False under `--rpc-methods safe`: unsafe names answer -32601 "unsafe" and are not listed. */
  readonly allowUnsafe: boolean;
  readonly maxResponseBytes: number;
  readonly maxSubscriptionsPerConnection: number;
  readonly maxBatchLength: number;
  readonly logger: Logger;
}

/** The caller of one message: its context and, over WebSocket only, its subscriptions. */
export interface DispatchConnection {
  readonly ctx: RpcContext;
  readonly subscriptions: SubscriptionRegistry | null;
}

/**
 * What to write back for one message. `text` is `null` when nothing is answered (only
 * notifications). The transport must call `written()` right after writing `text` (this lets
 * new subscriptions start notifying), or `dropped()` if it could not.
 */
export interface DispatchResult {
  readonly text: string | null;
  written(): void;
  dropped(): void;
}

type Route =
  | { readonly kind: 'method'; readonly unsafe: boolean; readonly def: MethodDef }
  | { readonly kind: 'subscribe'; readonly unsafe: boolean; readonly def: SubscriptionDef }
  | { readonly kind: 'unsubscribe'; readonly unsafe: boolean; readonly defs: ReadonlySet<SubscriptionDef> };

interface Answer {
  /** The serialised response object, or `null` for a notification. */
  readonly json: string | null;
  readonly written?: () => void;
  readonly dropped?: () => void;
}


/**
 * Transport-independent JSON-RPC 2.0 processing: parses a message, runs the calls (a batch's
 * calls run concurrently; answers keep the batch order), enforces the response bound and maps
 * every failure through {@link RpcError}.
 */
export class Dispatcher {
  readonly #routes = new Map<string, Route>();
  readonly #opts: DispatcherOptions;
  readonly methodNames: string[];

  constructor(table: RpcMethods, opts: DispatcherOptions) {
    this.#opts = opts;
    const add = (name: string, route: Route): void => {
      if (this.#routes.has(name)) throw new RpcServerError('DUPLICATE_METHOD', `RPC method ${name} is defined twice`, name);
      this.#routes.set(name, route);
    };
    for (const [name, def] of Object.entries(table.methods)) add(name, { kind: 'method', unsafe: def.unsafe === true, def });
    const unsubscribers = new Map<string, SubscriptionDef[]>();
    for (const def of table.subscriptions) {
      add(def.subscribe, { kind: 'subscribe', unsafe: def.unsafe === true, def });
      for (const name of typeof def.unsubscribe === 'string' ? [def.unsubscribe] : def.unsubscribe) {
        unsubscribers.set(name, [...(unsubscribers.get(name) ?? []), def]);
      }
    }
    for (const [name, defs] of unsubscribers) {
      add(name, { kind: 'unsubscribe', unsafe: defs.every((d) => d.unsafe === true), defs: new Set(defs) });
    }
    this.methodNames = [...this.#routes]
      .filter(([, route]) => opts.allowUnsafe || !route.unsafe)
      .map(([name]) => name)
      .sort();
  }

  /** Answers one whole message (a WebSocket frame or an HTTP body). Never throws. */
  async dispatch(text: string, conn: DispatchConnection): Promise<DispatchResult> {
    const message = parseJsonRpcMessage(text, this.#opts.maxBatchLength);
    if (message.kind === 'error') return result(errorJson(null, message.error));
    if (message.kind === 'single') {
      const answer = await this.#answer(message.entry, conn);
      return result(answer.json, [answer]);
    }
    const answers = await Promise.all(message.entries.map((entry) => this.#answer(entry, conn)));
    const parts = answers.flatMap((a) => (a.json === null ? [] : [a.json]));
    if (parts.length === 0) return result(null, answers);
    const batch = `[${parts.join(',')}]`;
    if (Buffer.byteLength(batch) > this.#opts.maxResponseBytes) {
      for (const a of answers) a.dropped?.();
      const error = new RpcError('BATCH_RESPONSE_TOO_LARGE', undefined, `Exceeded max limit of ${this.#opts.maxResponseBytes}`);
      return result(errorJson(null, error));
    }
    return result(batch, answers);
  }

  async #answer(entry: JsonRpcEntry, conn: DispatchConnection): Promise<Answer> {
    if (entry.kind === 'notification') return { json: null };
    if (entry.kind === 'invalid') return { json: errorJson(entry.id, entry.error) };
    const { id, method, params } = entry;
    const route = this.#routes.get(method);
    if (route === undefined) return { json: errorJson(id, new RpcError('METHOD_NOT_FOUND')) };
    if (route.unsafe && !this.#opts.allowUnsafe) return { json: errorJson(id, new RpcError('UNSAFE_METHOD')) };
    switch (route.kind) {
      case 'method':
        try {
          return { json: this.#resultJson(id, await route.def.handler(conn.ctx, params), method, conn.ctx) };
        } catch (err) {
          return { json: errorJson(id, this.#toRpcError(err, method, conn.ctx)) };
        }
      case 'subscribe':
        return this.#subscribe(id, method, params, route.def, conn);
      case 'unsubscribe': {
        if (conn.subscriptions === null) return { json: errorJson(id, notOverHttp()) };
        const subId = params[0];
        if (typeof subId !== 'string' && typeof subId !== 'number') {
          const error = new RpcError('INVALID_PARAMS', 'Invalid params: param 0 (subscription id) must be a string');
          return { json: errorJson(id, error) };
        }
        return { json: this.#resultJson(id, conn.subscriptions.unsubscribe(String(subId), route.defs), method, conn.ctx) };
      }
    }
  }

  async #subscribe(
    id: JsonRpcId,
    method: string,
    params: readonly unknown[],
    def: SubscriptionDef,
    conn: DispatchConnection,
  ): Promise<Answer> {
    const registry = conn.subscriptions;
    if (registry === null) return { json: errorJson(id, notOverHttp()) };
    const max = this.#opts.maxSubscriptionsPerConnection;
    if (registry.size >= max) {
      return { json: errorJson(id, new RpcError('TOO_MANY_SUBSCRIPTIONS', undefined, `Exceeded max limit of ${max}`)) };
    }
    const sub = registry.open(def);
    try {
      const started = def.handler(conn.ctx, params, sub);
      // Like jsonrpsee's accept/reject: the subscription id is sent only once the handler has
      // set up (an async handler may still reject the call, e.g. a pool refusing a watched
      // transaction). Notifications it emits meanwhile are queued until the id is written.
      sub.setTeardown(isPromiseLike(started) ? await started : started);
    } catch (err) {
      sub.discard();
      return { json: errorJson(id, this.#toRpcError(err, method, conn.ctx)) };
    }
    return {
      json: this.#resultJson(id, sub.id, method, conn.ctx),
      written: () => sub.activate(),
      dropped: () => sub.dropQueued().close(),
    };
  }

  #resultJson(id: JsonRpcId, value: unknown, method: string, ctx: RpcContext): string {
    let json: string;
    try {
      json = JSON.stringify({ jsonrpc: '2.0', id, result: value === undefined ? null : value });
    } catch (cause) {
      return errorJson(id, this.#toRpcError(cause, method, ctx));
    }
    const max = this.#opts.maxResponseBytes;
    if (Buffer.byteLength(json) <= max) return json;
    this.#opts.logger.warn('rpc response exceeds maxResponseBytes', { method, connectionId: ctx.connectionId });
    return errorJson(id, new RpcError('OVERSIZED_RESPONSE', undefined, `Exceeded max limit of ${max}`));
  }

  #toRpcError(err: unknown, method: string, ctx: RpcContext): RpcError {
    if (err instanceof RpcError) return err;
    this.#opts.logger.error('rpc handler failed', { method, connectionId: ctx.connectionId, cause: err });
    return new RpcError('INTERNAL');
  }
}

/** Serialises an error response; `data` that is not JSON-serialisable is left out. */
export function errorJson(id: JsonRpcId, error: RpcError): string {
  try {
    return JSON.stringify({ jsonrpc: '2.0', id, error: error.toJson() });
  } catch {
    return JSON.stringify({ jsonrpc: '2.0', id, error: { code: error.jsonRpcCode, message: error.message } });
  }
}

function notOverHttp(): RpcError {
  // jsonrpsee answers subscription calls on a calls-only transport with -32603.
  return new RpcError('INTERNAL', 'Subscriptions are not supported over HTTP; use a WebSocket');
}

function isPromiseLike(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function result(text: string | null, answers: readonly Answer[] = []): DispatchResult {
  return {
    text,
    written: () => {
      for (const a of answers) a.written?.();
    },
    dropped: () => {
      for (const a of answers) a.dropped?.();
    },
  };
}
