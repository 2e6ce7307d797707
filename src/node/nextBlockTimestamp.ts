import type { BlockExecutor } from '../runtime/BlockExecutor.ts';
import { timestampStorage } from '../runtime/pallets/timestamp.ts';

/** `Timestamp.Now` in the state of a block (0 at genesis). */
export function blockTimestamp(executor: BlockExecutor, stateRoot: Uint8Array): bigint {
  return timestampStorage.now.read(executor.stateAt(stateRoot));
}

/**
 * The timestamp for a block built on a parent with state `parentStateRoot`: the wall clock,
 * but never less than the parent's timestamp plus MinimumPeriod (the runtime would refuse it),
 * even if the clock stepped back.
 */
export function nextBlockTimestamp(executor: BlockExecutor, parentStateRoot: Uint8Array, nowMs: number): bigint {
  const parent = blockTimestamp(executor, parentStateRoot);
  const minimum = parent === 0n ? 0n : parent + executor.runtime.config.targetBlockTimeMs / 2n;
  const wall = BigInt(nowMs);
  return wall > minimum ? wall : minimum;
}
