import { LaunchError } from './LaunchError.ts';

/** What readiness polling needs to know about one node. */
export interface ReadinessTarget {
  readonly name: string;
  readonly rpcPort: number;
  readonly prometheusPort: number;
  /** Resolves when the process exits (readiness then fails at once). */
  readonly exited: Promise<unknown>;
}

const START_METRIC = 'substrate_process_start_time_seconds';

async function rpcAnswers(port: number, signal: AbortSignal): Promise<boolean> {
  const res = await fetch(`http://127.0.0.1:${port}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_health', params: [] }),
    signal,
  });
  const body = (await res.json()) as { result?: unknown };
  return res.ok && typeof body.result === 'object' && body.result !== null;
}

async function metricsServed(port: number, signal: AbortSignal): Promise<boolean> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal });
  return res.ok && (await res.text()).includes(START_METRIC);
}

/**
 * Resolves once the node answers `system_health` over http AND serves `substrate_process_start_time_seconds`
 * on /metrics. Rejects with NODE_EXITED if the process exits first, NODE_NOT_READY at `deadline` (ms since
 * epoch), ABORTED if `signal` fires. Polls every `intervalMs`.
 */
export async function waitForNodeReady(target: ReadinessTarget, deadline: number, signal?: AbortSignal, intervalMs = 200): Promise<void> {
  let exited = false;
  void target.exited.then(() => (exited = true));
  for (;;) {
    if (signal?.aborted === true) throw new LaunchError('ABORTED', `launch aborted while waiting for ${target.name}`, { node: target.name });
    if (exited) throw new LaunchError('NODE_EXITED', `node ${target.name} exited before it was ready`, { node: target.name });
    const attempt = AbortSignal.timeout(Math.max(1, Math.min(2000, deadline - Date.now())));
    const ready = await Promise.all([rpcAnswers(target.rpcPort, attempt), metricsServed(target.prometheusPort, attempt)]).then(
      ([rpc, metrics]) => rpc && metrics,
      () => false,
    );
    if (ready) return;
    if (Date.now() >= deadline) throw new LaunchError('NODE_NOT_READY', `node ${target.name} was not ready in time (rpc ${target.rpcPort}, metrics ${target.prometheusPort})`, { node: target.name });
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
