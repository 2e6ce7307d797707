import type { CandidateLimits } from './CandidateLimits.ts';

/**
 * How many payloads, from the head of the queue, the next candidate carries: as many as fit
 * both `maxCandidatePayloads` and `maxCandidateBytes` (sum of payload lengths), in order, never
 * skipping one (the order is the user's). At least one whenever the queue is not empty and its
 * head fits `maxPayloadBytes` (and hence the candidate bounds, which the runtime keeps larger).
 * Payloads over `maxPayloadBytes` must have been removed before.
 *
 * @example
 * takeBatch([60_000, 60_000, 60_000], { maxCandidatePayloads: 1024, maxCandidateBytes: 100_000, maxPayloadBytes: 65_536 }) // 1
 */
export function takeBatch(sizes: readonly number[], limits: Pick<CandidateLimits, 'maxCandidatePayloads' | 'maxCandidateBytes'>): number {
  let bytes = 0;
  let count = 0;
  for (const size of sizes) {
    if (count === limits.maxCandidatePayloads || bytes + size > limits.maxCandidateBytes) break;
    bytes += size;
    count++;
  }
  return count;
}
