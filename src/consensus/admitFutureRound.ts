/** What to do with a message of `round` from a sender that already has messages in `held` rounds. */
export type RoundAdmission = { readonly admit: true; readonly evict?: number } | { readonly admit: false };

/**
 * The per-sender bound on future rounds: a sender may occupy at most `max` distinct rounds above
 * `currentRound`; its highest ones are kept. A message for a new future round beyond the bound
 * evicts the sender's lowest future round, or is refused when it is lower than all of them.
 * Rounds at or below the current one are always admitted (they are bounded by the round count).
 */
export function admitFutureRound(held: Iterable<number>, round: number, currentRound: number, max: number): RoundAdmission {
  if (round <= currentRound) return { admit: true };
  let count = 0;
  let lowest = Infinity;
  for (const r of held) {
    if (r === round) return { admit: true };
    if (r > currentRound) {
      count++;
      if (r < lowest) lowest = r;
    }
  }
  if (count < max) return { admit: true };
  if (round < lowest) return { admit: false };
  return { admit: true, evict: lowest };
}
