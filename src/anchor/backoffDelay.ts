/** Exponential backoff while L1 is unreachable: `initialDelayMs`, then twice as long each time, never above `maxDelayMs`. */
export interface BackoffPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_ANCHOR_BACKOFF: BackoffPolicy = { initialDelayMs: 1_000, maxDelayMs: 60_000 };

/** Delay before retry number `attempt` (0-based). No jitter: one submitter per validator, rare retries. */
export function backoffDelay(attempt: number, policy: BackoffPolicy): number {
  return Math.min(policy.initialDelayMs * 2 ** Math.min(Math.max(attempt, 0), 52), policy.maxDelayMs);
}
