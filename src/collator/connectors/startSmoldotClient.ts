import { MessageChannel, Worker } from 'node:worker_threads';
import { start } from 'smoldot';
import type { Client, LogCallback } from 'smoldot';

export interface SmoldotClientOptions {
  /**
   * `worker` (default): `start({ portToWorker })` in this thread and smoldot's executor
   * (`smoldot/worker`'s `run()`) in a worker thread that `stop()` terminates, so the ~1 s
   * compilation of a runtime in `addChain` does not block this thread and no smoldot timer
   * outlives `stop()`. `main-thread`: plain `start()`; smoldot 2.0.40 does not clear the timers
   * it armed when it is terminated, so the event loop stays alive until they fire (about a
   * minute, measured) although nothing runs any more.
   */
  readonly executor?: 'worker' | 'main-thread';
  readonly logCallback: LogCallback;
  /** 1 error … 5 trace. Default 3. */
  readonly maxLogLevel?: number;
  /** Called if the worker thread fails (it should not). */
  readonly onWorkerError?: (cause: unknown) => void;
}

export interface SmoldotClientHandle {
  readonly client: Client;
  /** Terminates the client, then its worker thread. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts a smoldot client in this process, by default with its executor in a worker thread.
 *
 * @example
 * const smoldot = startSmoldotClient({ logCallback: () => {} });
 * const chain = await smoldot.client.addChain({ chainSpec });
 * // …
 * await smoldot.stop();
 */
export function startSmoldotClient(opts: SmoldotClientOptions): SmoldotClientHandle {
  const maxLogLevel = opts.maxLogLevel ?? 3;
  let stopping: Promise<void> | null = null;
  if (opts.executor === 'main-thread') {
    const client = start({ logCallback: opts.logCallback, maxLogLevel });
    return { client, stop: () => (stopping ??= client.terminate().catch(() => undefined)) };
  }
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./smoldotWorker.mjs', import.meta.url), { workerData: { port: port2 }, transferList: [port2] });
  worker.on('error', (cause) => opts.onWorkerError?.(cause));
  // Node's MessagePort and the DOM one smoldot's typings name differ only in their typings.
  const portToWorker = port1 as unknown as NonNullable<Parameters<typeof start>[0]>['portToWorker'];
  const client = start({ logCallback: opts.logCallback, maxLogLevel, portToWorker });
  return {
    client,
    stop: () =>
      (stopping ??= (async () => {
        await client.terminate().catch(() => undefined);
        await worker.terminate();
        port1.close();
      })()),
  };
}
