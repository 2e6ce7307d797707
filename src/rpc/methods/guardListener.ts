import type { SubscriptionSink } from '../server/index.ts';
import type { MethodDeps } from './types.ts';

/**
 * Wraps a chain listener of a subscription so that a failure (e.g. state no longer available)
 * ends that subscription and is logged, instead of throwing into the node's block import.
 *
 * @example
 * return chain.onBestBlock(guardListener(deps, sink, 'state_subscribeStorage', (hash) => sink.next(…)));
 */
export function guardListener<A extends unknown[]>(
  deps: MethodDeps,
  sink: SubscriptionSink,
  method: string,
  listener: (...args: A) => void,
): (...args: A) => void {
  return (...args) => {
    if (sink.closed) return;
    try {
      listener(...args);
    } catch (cause) {
      deps.logger.error('rpc subscription failed; closing it', { method, subscription: sink.id, cause });
      sink.close();
    }
  };
}
