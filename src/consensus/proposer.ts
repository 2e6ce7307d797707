import { compareIds } from './ValidatorSet.ts';
import type { Validator } from './types.ts';

/**
 * The proposer of `(height, round)`: CometBFT's proposer-priority algorithm (weighted round robin)
 * made stateless.
 *
 * Definition. Sort the validators by id and divide every power by their gcd (the picks are
 * scale-invariant), so `P` = the sum of the reduced powers. Start from all priorities 0 and repeat
 * one *step*: every priority += its power, the highest priority is picked (ties: the smaller id),
 * and the picked one's priority -= P. The proposer of `(height, round)` is the pick of step
 * `((height + round) mod P) + 1`.
 *
 * Why this is the same as CometBFT's, and fair: from all-zero priorities their sum stays 0, so
 * CometBFT's re-centering is a no-op; the spread stays below 2·P, so its rescaling never fires
 * (both checked in `proposer.test.ts`). After exactly P steps every priority is back to 0 and each
 * validator was picked exactly `power / gcd` times, so the schedule is periodic with period P and
 * over any P consecutive `height + round` values each validator proposes in proportion to its
 * power, spread evenly (smooth weighted round robin). Round r+1 of a height uses the pick after
 * round r's, so a failed round hands over to the next validator in the schedule.
 *
 * Cost: O(n · ((height + round) mod P)) bigint operations, below O(n · P). Hosts should keep
 * voting powers small integers (as CometBFT does: power = stake / unit); the core calls this once
 * per height through `proposerSchedule`.
 *
 * @example
 * proposer([{ id: '0xaa', power: 1n }, { id: '0xbb', power: 1n }], 1n, 0) // '0xbb'
 */
export function proposer(validators: readonly Validator[], height: bigint, round: number): string {
  return proposerSchedule(validators, height, round + 1)[round]!;
}

/**
 * The proposers of rounds `0 .. count-1` of `height`, in one pass (see `proposer` for the
 * definition): `proposerSchedule(vs, h, n)[r] === proposer(vs, h, r)`.
 */
export function proposerSchedule(validators: readonly Validator[], height: bigint, count: number): string[] {
  const sorted = [...validators].sort((a, b) => compareIds(a.id, b.id));
  if (sorted.length === 0) throw new RangeError('proposerSchedule: empty validator set');
  const divisor = sorted.reduce((g, v) => gcd(g, v.power), 0n);
  const powers = sorted.map((v) => v.power / divisor);
  const period = powers.reduce((a, b) => a + b, 0n);
  const first = ((height % period) + period) % period;
  const priorities = powers.map(() => 0n);
  const pickOnce = (): number => {
    let best = 0;
    for (let i = 0; i < powers.length; i++) {
      priorities[i]! += powers[i]!;
      // Strictly greater: on a tie the earlier (smaller) id wins.
      if (priorities[i]! > priorities[best]!) best = i;
    }
    priorities[best]! -= period;
    return best;
  };
  for (let s = 0n; s < first; s++) pickOnce();
  const out: string[] = [];
  for (let r = 0; r < count; r++) {
    // Step (first + r + 1) mod P: wrap back to the start of the period instead of running on.
    if ((first + BigInt(r)) % period === 0n) priorities.fill(0n);
    out.push(sorted[pickOnce()]!.id);
  }
  return out;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}
