import type { PoolLimit } from './PoolError.ts';
import type { PoolTx, TxGraph } from './txGraph.ts';

/** The pool's size limits. */
export interface PoolLimits {
  maxReady: number;
  maxFuture: number;
  maxBytes: number;
  maxPerSender: number;
}

/**
 * The limit that would make a newcomer the first transaction evicted, decided before it touches
 * the pool (`undefined` when it may enter). `replaced` are the transactions it would usurp; when
 * there are some, only the size and per-sender limits are checked here and eviction after the
 * import decides the rest. The per-sender cap does not count the sender's own replaced ones.
 */
export function admissionLimit(
  g: TxGraph,
  limits: PoolLimits,
  tx: PoolTx,
  replaced: readonly PoolTx[],
): PoolLimit | undefined {
  if (tx.bytes > limits.maxBytes) return 'bytes';
  if (tx.sender !== undefined) {
    const mine = replaced.filter((r) => r.sender === tx.sender).length;
    if (g.senderCount(tx.sender) - mine + 1 > limits.maxPerSender) return 'sender';
  }
  if (replaced.length > 0) return undefined;
  const ready = tx.requires.every((t) => tx.chainTags.has(t) || g.isProvidedByReady(t));
  // The newcomer is the newest, so it goes first among equals.
  const worst = ready ? g.worstReady() : g.worstFuture();
  if (worst !== undefined && tx.priority > worst.priority) return undefined;
  if (ready) {
    if (g.readyCount + 1 > limits.maxReady) return 'ready';
    // futures are evicted first for bytes: only ready bytes count against the newcomer
    if (g.bytes - g.futureBytes + tx.bytes > limits.maxBytes) return 'bytes';
  } else {
    if (g.futureCount + 1 > limits.maxFuture) return 'future';
    if (g.bytes + tx.bytes > limits.maxBytes) return 'bytes';
  }
  return undefined;
}

/**
 * The next transaction to evict while a limit is exceeded: the lowest-priority, newest one of
 * the queue over its count (futures checked first), or for bytes a future before a ready one.
 */
export function nextEviction(g: TxGraph, limits: PoolLimits): { victim: PoolTx; limit: PoolLimit } | undefined {
  let victim: PoolTx | undefined;
  let limit: PoolLimit;
  if (g.futureCount > limits.maxFuture) {
    victim = g.worstFuture();
    limit = 'future';
  } else if (g.readyCount > limits.maxReady) {
    victim = g.worstReady();
    limit = 'ready';
  } else if (g.bytes > limits.maxBytes) {
    victim = g.worstFuture() ?? g.worstReady();
    limit = 'bytes';
  } else {
    return undefined;
  }
  return victim === undefined ? undefined : { victim, limit };
}
