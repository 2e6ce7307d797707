import type { RpcBackend } from './RpcBackend.ts';
import { toRpcError } from './rpcErrorTable.ts';
import { noopLogger, type Logger, type MethodDef, type RpcMethods, type SubscriptionDef } from './server/index.ts';
import * as archive_v1 from './methods/archive_v1.ts';
import * as author from './methods/author.ts';
import * as chain from './methods/chain.ts';
import * as chainHead_v1 from './methods/chainHead_v1.ts';
import * as chainSpec_v1 from './methods/chainSpec_v1.ts';
import * as payment from './methods/payment.ts';
import * as rpc from './methods/rpc.ts';
import * as spindle from './methods/spindle.ts';
import * as spindleAnchor from './methods/spindleAnchor.ts';
import * as state from './methods/state.ts';
import * as system from './methods/system.ts';
import * as transaction_v1 from './methods/transaction_v1.ts';
import type { Handler, MethodDeps, Subscription } from './methods/types.ts';
import { SpecV2Sessions } from './methods/specV2Sessions.ts';

/** Each module's exports are its handlers, named after their wire method; the key is the error namespace. */
const NAMESPACES: Readonly<Record<string, Readonly<Record<string, Handler | Subscription>>>> = {
  archive_v1,
  author,
  chain,
  chainHead_v1,
  chainSpec_v1,
  payment,
  rpc,
  spindle: { ...spindle, ...spindleAnchor },
  state,
  system,
  transaction_v1,
};

export interface CreateRpcMethodsOptions {
  /** The server's callable names (`RpcServer.methodNames`), read at call time for `rpc_methods`. */
  readonly methodNames: () => string[];
  /** Receives failures of subscriptions after they started; default: discarded. */
  readonly logger?: Logger;
}

/**
 * The legacy Substrate JSON-RPC table (`author_*`, `chain_*`, `payment_*`, `rpc_methods`,
 * `state_*`, `system_*`) over the node's {@link RpcBackend}. Handlers throw typed errors;
 * each is mapped here, in one place, through {@link toRpcError}.
 *
 * @example
 * let server: RpcServer | undefined;
 * const table = createRpcMethods(backend, { methodNames: () => server?.methodNames ?? [], logger });
 * server = new RpcServer(table, { host: '127.0.0.1', port: 9944, methods: 'auto', cors: 'all', logger });
 */
export function createRpcMethods(backend: RpcBackend, opts: CreateRpcMethodsOptions): RpcMethods {
  const methods: Record<string, MethodDef> = {};
  const subscriptions: SubscriptionDef[] = [];
  const unsafeNames: string[] = [];
  const deps: MethodDeps = {
    backend,
    methodNames: opts.methodNames,
    // The server lists unsafe methods only when it allows them.
    unsafeAllowed: () => {
      const names = new Set(opts.methodNames());
      return unsafeNames.some((n) => names.has(n));
    },
    logger: opts.logger ?? noopLogger(),
    specV2: new SpecV2Sessions(),
  };
  for (const [namespace, exports] of Object.entries(NAMESPACES)) {
    for (const [name, value] of Object.entries(exports)) {
      if (value.unsafe === true) unsafeNames.push(name);
      if (typeof value === 'function') {
        methods[name] = methodDef(name, namespace, value, deps);
      } else {
        subscriptions.push(subscriptionDef(name, namespace, value, deps));
      }
    }
  }
  return { methods, subscriptions };
}

/** Maps a thrown value through the error table; unknown errors pass unchanged (→ -32603, logged). */
function mapped(err: unknown, method: string, namespace: string): unknown {
  return toRpcError(err, method, namespace) ?? err;
}

function methodDef(name: string, namespace: string, handler: Handler, deps: MethodDeps): MethodDef {
  const def: MethodDef = {
    handler: (ctx, params) => {
      try {
        const result = handler(deps, params, ctx);
        return result instanceof Promise ? result.catch((err: unknown) => Promise.reject(mapped(err, name, namespace))) : result;
      } catch (err) {
        throw mapped(err, name, namespace);
      }
    },
  };
  return handler.unsafe === true ? { ...def, unsafe: true } : def;
}

function subscriptionDef(name: string, namespace: string, sub: Subscription, deps: MethodDeps): SubscriptionDef {
  const def: SubscriptionDef = {
    subscribe: name,
    unsubscribe: sub.unsubscribe,
    notification: sub.notification,
    handler: (ctx, params, sink) => {
      // Synchronous failures stay synchronous so that the server rejects the subscribe call.
      try {
        const started = sub.handler(deps, params, sink, ctx);
        return started instanceof Promise ? started.catch((err: unknown) => Promise.reject(mapped(err, name, namespace))) : started;
      } catch (err) {
        throw mapped(err, name, namespace);
      }
    },
  };
  return sub.unsafe === true ? { ...def, unsafe: true } : def;
}
