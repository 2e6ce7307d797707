import type { Hex } from 'viem';
import type { SignedAnchorCommitment } from './SignedCommitmentSource.ts';
import { sortValidators, validatorSetHash, type AnchorValidatorSet } from './validatorSetHash.ts';

/** The anchor contract's state the submitter plans from (read at one L1 block). */
export interface AnchorContractState {
  /** First relay block the next commitment must start at. */
  readonly nextBlock: bigint;
  readonly setId: bigint;
  /** Announced by the last commitment and not yet rotated to; 32 zero bytes when none. */
  readonly pendingSetHash: Hex;
}

export interface PlanAnchorRoundParameters {
  readonly state: AnchorContractState;
  /** `source.readyFrom(state.nextBlock, maxBatch)`; ignored while a rotation is pending. */
  readonly ready: readonly SignedAnchorCommitment[];
  /** `source.validatorSet(state.setId + 1)`; only read while a rotation is pending. */
  readonly nextSet: AnchorValidatorSet | undefined;
  readonly maxBatch: number;
}

/**
 * Why the source's answer cannot be used as is:
 * - NOT_CONTIGUOUS: a commitment does not start right after the previous one (or at `nextBlock`).
 * - INVALID_RANGE: `toBlock < fromBlock`.
 * - WRONG_SET_ID: a commitment names another set than the contract's current one.
 * - SET_ID_MISMATCH / SET_HASH_MISMATCH: the next set is not the one the contract waits for.
 */
export type AnchorSourceProblem = 'NOT_CONTIGUOUS' | 'INVALID_RANGE' | 'WRONG_SET_ID' | 'SET_ID_MISMATCH' | 'SET_HASH_MISMATCH';

export type AnchorRoundPlan =
  | { readonly kind: 'rotate'; readonly set: AnchorValidatorSet }
  | {
      readonly kind: 'submit' | 'submitBatch';
      readonly items: readonly SignedAnchorCommitment[];
      /** Set when the source offered more but a later item was unusable (the usable prefix is kept). */
      readonly problem?: { readonly code: AnchorSourceProblem; readonly detail: string };
    }
  | { readonly kind: 'idle'; readonly reason: 'NOTHING_READY' | 'SET_UNAVAILABLE' }
  | { readonly kind: 'invalid'; readonly problem: { readonly code: AnchorSourceProblem; readonly detail: string } };

/**
 * Decides one round of the submitter from the contract state and the source's answer. Pure.
 * A pending rotation comes first; otherwise the longest usable prefix of `ready` (contiguous
 * from `nextBlock`, the current set id, at most `maxBatch`) is sent, ending at the first
 * commitment that announces a handover (the contract refuses anything after it).
 */
export function planAnchorRound({ state, ready, nextSet, maxBatch }: PlanAnchorRoundParameters): AnchorRoundPlan {
  if (BigInt(state.pendingSetHash) !== 0n) {
    if (nextSet === undefined) return { kind: 'idle', reason: 'SET_UNAVAILABLE' };
    const expectedId = state.setId + 1n;
    if (nextSet.setId !== expectedId) {
      return { kind: 'invalid', problem: { code: 'SET_ID_MISMATCH', detail: `source gave set ${nextSet.setId}, contract waits for ${expectedId}` } };
    }
    const set: AnchorValidatorSet = { setId: nextSet.setId, validators: sortValidators(nextSet.validators) };
    const hash = validatorSetHash(set);
    if (hash.toLowerCase() !== state.pendingSetHash.toLowerCase()) {
      return { kind: 'invalid', problem: { code: 'SET_HASH_MISMATCH', detail: `set ${set.setId} hashes to ${hash}, contract waits for ${state.pendingSetHash}` } };
    }
    return { kind: 'rotate', set };
  }

  const items: SignedAnchorCommitment[] = [];
  let problem: { code: AnchorSourceProblem; detail: string } | undefined;
  let expectedFrom = state.nextBlock;
  for (const item of ready) {
    if (items.length >= Math.max(1, Math.floor(maxBatch))) break;
    const c = item.commitment;
    if (c.fromBlock !== expectedFrom) {
      problem = { code: 'NOT_CONTIGUOUS', detail: `commitment starts at ${c.fromBlock}, expected ${expectedFrom}` };
      break;
    }
    if (c.toBlock < c.fromBlock) {
      problem = { code: 'INVALID_RANGE', detail: `commitment ${c.fromBlock}..${c.toBlock} is reversed` };
      break;
    }
    if (c.setId !== state.setId) {
      problem = { code: 'WRONG_SET_ID', detail: `commitment ${c.fromBlock}..${c.toBlock} has set ${c.setId}, contract is at ${state.setId}` };
      break;
    }
    items.push(item);
    expectedFrom = c.toBlock + 1n;
    if (BigInt(c.nextSetHash) !== 0n) break;
  }
  if (items.length === 0) return problem === undefined ? { kind: 'idle', reason: 'NOTHING_READY' } : { kind: 'invalid', problem };
  const kind = items.length === 1 ? 'submit' : 'submitBatch';
  return problem === undefined ? { kind, items } : { kind, items, problem };
}
