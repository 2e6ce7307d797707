import { ConsensusError } from './ConsensusError.ts';
import type { Validator } from './types.ts';

/**
 * The validators of one height in canonical order (sorted by id), with their total power and the
 * two thresholds of the paper: quorum (2f+1, strictly more than 2/3 of the power) and
 * one-third (f+1, strictly more than 1/3). Immutable.
 */
export class ValidatorSet {
  readonly validators: readonly Validator[];
  readonly totalPower: bigint;
  readonly #power: ReadonlyMap<string, bigint>;
  readonly #index: ReadonlyMap<string, number>;

  private constructor(validators: readonly Validator[]) {
    this.validators = validators;
    this.#power = new Map(validators.map((v) => [v.id, v.power]));
    this.#index = new Map(validators.map((v, i) => [v.id, i]));
    this.totalPower = validators.reduce((sum, v) => sum + v.power, 0n);
  }

  /** Validates (non-empty, unique ids, power > 0) and sorts by id; throws `INVALID_VALIDATOR_SET`. */
  static from(validators: readonly Validator[]): ValidatorSet {
    if (validators.length === 0) throw new ConsensusError({ code: 'INVALID_VALIDATOR_SET', reason: 'empty' });
    const seen = new Set<string>();
    for (const v of validators) {
      if (seen.has(v.id)) throw new ConsensusError({ code: 'INVALID_VALIDATOR_SET', reason: 'duplicateId', id: v.id });
      if (v.power <= 0n) throw new ConsensusError({ code: 'INVALID_VALIDATOR_SET', reason: 'nonPositivePower', id: v.id });
      seen.add(v.id);
    }
    const sorted = validators.map((v) => ({ id: v.id, power: v.power })).sort((a, b) => compareIds(a.id, b.id));
    return new ValidatorSet(sorted);
  }

  /** The power of `id`, or 0n when it is not a validator of this set. */
  powerOf(id: string): bigint {
    return this.#power.get(id) ?? 0n;
  }

  has(id: string): boolean {
    return this.#power.has(id);
  }

  /** Position in canonical order (for sorting certificates); -1 when unknown. */
  indexOf(id: string): number {
    return this.#index.get(id) ?? -1;
  }

  /** 2f+1: `weight > 2/3 · total`. */
  isQuorum(weight: bigint): boolean {
    return 3n * weight > 2n * this.totalPower;
  }

  /** f+1: `weight > 1/3 · total`; enough to be sure one honest validator is included. */
  isOneThird(weight: bigint): boolean {
    return 3n * weight > this.totalPower;
  }
}

/** Plain code-unit order, so every node sorts ids identically whatever its locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
