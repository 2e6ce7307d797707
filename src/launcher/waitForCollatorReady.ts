import { LaunchError } from './LaunchError.ts';

/** What readiness polling needs to know about one collator. */
export interface CollatorReadinessTarget {
  readonly name: string;
  readonly rpcPort: number;
  readonly paraId: number;
  /** Resolves when the process exits (readiness then fails at once). */
  readonly exited: Promise<unknown>;
}

async function statusAnswers(target: CollatorReadinessTarget, signal: AbortSignal): Promise<boolean> {
  const res = await fetch(`http://127.0.0.1:${target.rpcPort}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'collator_status', params: [] }),
    signal,
  });
  const body = (await res.json()) as { result?: { paraId?: unknown } };
  return res.ok && body.result?.paraId === target.paraId;
}

/**
 * Resolves once the collator answers `collator_status` (over http, for its para) on its RPC port.
 * Rejects with NODE_EXITED if the process exits first, NODE_NOT_READY at `deadline` (ms since
 * epoch), ABORTED if `signal` fires. Polls every `intervalMs`.
 */
export async function waitForCollatorReady(target: CollatorReadinessTarget, deadline: number, signal?: AbortSignal, intervalMs = 200): Promise<void> {
  let exited = false;
  void target.exited.then(() => (exited = true));
  for (;;) {
    if (signal?.aborted === true) throw new LaunchError('ABORTED', `launch aborted while waiting for ${target.name}`, { node: target.name });
    if (exited) throw new LaunchError('NODE_EXITED', `collator ${target.name} exited before it was ready`, { node: target.name });
    const attempt = AbortSignal.timeout(Math.max(1, Math.min(2000, deadline - Date.now())));
    if (await statusAnswers(target, attempt).catch(() => false)) return;
    if (Date.now() >= deadline) throw new LaunchError('NODE_NOT_READY', `collator ${target.name} did not answer collator_status in time (rpc ${target.rpcPort})`, { node: target.name });
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
