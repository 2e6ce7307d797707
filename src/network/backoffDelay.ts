/** Reconnection backoff: the first retry waits `initialDelayMs`, each next one twice as long, never more than `maxDelayMs`. */
export interface BackoffParams {
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffParams = { initialDelayMs: 1_000, maxDelayMs: 30_000 };

/** Delay before retry number `attempt` (0-based). No jitter: validator sets are small and dials are rare. */
export function backoffDelay(attempt: number, params: BackoffParams): number {
  const exp = Math.min(attempt, 52);
  return Math.min(params.initialDelayMs * 2 ** exp, params.maxDelayMs);
}
