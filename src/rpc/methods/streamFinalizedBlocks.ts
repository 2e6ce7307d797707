import type { ChainReader } from '../RpcBackend.ts';

export interface StreamFinalizedBlocksOptions {
  /** Blocks visited per turn of the event loop while catching up (default 16). */
  readonly chunk?: number;
  /** Receives the error `visit` threw; the stream has stopped by then. */
  readonly onError: (cause: unknown) => void;
}

/**
 * Visits every finalized block from number `from` on, exactly once and in order: first the
 * stored ones (`chunk` at a time, yielding to the event loop between chunks so a long backfill
 * never starves the node), then each newly finalized one — also when finalization jumps
 * several blocks at once, since the cursor is a number, not the listener's argument. Blocks
 * above the finalized head are waited for. The first chunk is visited synchronously.
 *
 * Returns a stop function (idempotent).
 *
 * @example
 * const stop = streamFinalizedBlocks(chain, 1n, (hash, n) => sink.next(…), { onError: () => sink.close() });
 */
export function streamFinalizedBlocks(
  chain: ChainReader,
  from: bigint,
  visit: (hash: Uint8Array, number: bigint) => void,
  opts: StreamFinalizedBlocksOptions,
): () => void {
  const chunk = opts.chunk ?? 16;
  let next = from;
  let running = false;
  let stopped = false;
  const finalizedNumber = (): bigint => chain.header(chain.finalizedHash())?.number ?? -1n;

  const pump = async (): Promise<void> => {
    if (running || stopped) return;
    running = true;
    try {
      let inTurn = 0;
      while (!stopped && next <= finalizedNumber()) {
        if (inTurn === chunk) {
          inTurn = 0;
          await new Promise<void>((resolve) => setImmediate(resolve));
          continue;
        }
        const hash = chain.hashAt(next);
        if (hash === undefined) throw new RangeError(`finalized block #${next} has no canonical hash`);
        visit(hash, next);
        next++;
        inTurn++;
      }
    } catch (cause) {
      stop();
      opts.onError(cause);
    } finally {
      running = false;
    }
  };

  const off = chain.onFinalized(() => void pump());
  const stop = (): void => {
    stopped = true;
    off();
  };
  void pump();
  return stop;
}
