import { bytesEqual, compareBytes, prefixUpperBound, startsWith } from './bytes.ts';
import type { IterateOptions } from './KeyValueStore.ts';

/**
 * Where an iteration starts and what it keeps, computed once from IterateOptions so that every
 * KeyValueStore implementation iterates with the same semantics.
 */
export interface RangePlan {
  /** Nothing can match (limit 0, or reverse from an empty start). */
  readonly empty: boolean;
  readonly reverse: boolean;
  readonly prefix: Uint8Array | undefined;
  /** Position the cursor here: forward = first key >= seek; reverse = last key <= seek. Undefined = at the end. */
  readonly seek: Uint8Array | undefined;
  /** Reverse only: `seek` itself is outside the range (it is the prefix's upper bound). */
  readonly skipSeekKey: boolean;
  /** Forward only: keys >= this are outside the range. */
  readonly end: Uint8Array | undefined;
  readonly limit: number;
}

export function planRange(opts: IterateOptions = {}): RangePlan {
  const { reverse = false } = opts;
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  if (!(limit === Number.POSITIVE_INFINITY || (Number.isInteger(limit) && limit >= 0))) {
    throw new RangeError(`iterate limit must be a non-negative integer, got ${String(opts.limit)}`);
  }
  const prefix = opts.prefix !== undefined && opts.prefix.length > 0 ? opts.prefix : undefined;
  const start = opts.start;
  const upper = prefix === undefined ? undefined : prefixUpperBound(prefix);
  const base = { reverse, prefix, limit };

  if (limit === 0 || (reverse && start !== undefined && start.length === 0)) {
    return { ...base, empty: true, seek: undefined, skipSeekKey: false, end: undefined };
  }
  if (!reverse) {
    let seek = prefix;
    if (start !== undefined && start.length > 0 && (seek === undefined || compareBytes(start, seek) > 0)) seek = start;
    return { ...base, empty: false, seek, skipSeekKey: false, end: upper };
  }
  // Reverse: the highest candidate is min(start, upper bound of the prefix); the bound itself is excluded.
  if (start !== undefined && (upper === undefined || compareBytes(start, upper) < 0)) {
    return { ...base, empty: false, seek: start, skipSeekKey: false, end: undefined };
  }
  return { ...base, empty: false, seek: upper, skipSeekKey: upper !== undefined, end: undefined };
}

/**
 * Applies a plan to entries already positioned at `plan.seek` in the plan's direction: drops the
 * excluded seek key, stops at the first key outside the prefix (or at `end`), honours the limit.
 */
export function* applyRange(
  plan: RangePlan,
  positioned: Iterable<readonly [Uint8Array, Uint8Array]>,
): Generator<[Uint8Array, Uint8Array]> {
  if (plan.empty) return;
  let count = 0;
  let first = true;
  for (const [key, value] of positioned) {
    if (first) {
      first = false;
      if (plan.skipSeekKey && plan.seek !== undefined && bytesEqual(key, plan.seek)) continue;
    }
    if (plan.end !== undefined && compareBytes(key, plan.end) >= 0) return;
    if (plan.prefix !== undefined && !startsWith(key, plan.prefix)) return;
    yield [key, value];
    if (++count >= plan.limit) return;
  }
}
