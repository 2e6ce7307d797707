import { ConsensusError } from './ConsensusError.ts';
import type { TimeoutKind } from './types.ts';

/** A timeout that grows linearly with the round: `baseMs + round * deltaMs`. */
export interface TimeoutParams {
  readonly baseMs: number;
  readonly deltaMs: number;
}

export interface ConsensusParams {
  readonly timeouts: Readonly<Record<TimeoutKind, TimeoutParams>>;
  /**
   * How many distinct rounds above the current one each validator may occupy in the message log
   * (its highest ones are kept). Bounds memory against future-round spam while still letting
   * f+1 honest validators that are ahead pull this node forward (L55).
   */
  readonly maxFutureRoundsPerValidator: number;
}

/** CometBFT's default timeouts (propose 3 s, prevote/precommit 1 s, +0.5 s per round). */
export const DEFAULT_CONSENSUS_PARAMS: ConsensusParams = {
  timeouts: {
    propose: { baseMs: 3000, deltaMs: 500 },
    prevote: { baseMs: 1000, deltaMs: 500 },
    precommit: { baseMs: 1000, deltaMs: 500 },
  },
  maxFutureRoundsPerValidator: 3,
};

/** The duration of a timeout of `kind` in `round`: `base + round * delta`. */
export function timeoutDuration(params: ConsensusParams, kind: TimeoutKind, round: number): number {
  const t = params.timeouts[kind];
  return t.baseMs + round * t.deltaMs;
}

/** Throws `INVALID_PARAMS` unless every duration is a finite non-negative number and the bound ≥ 1. */
export function checkConsensusParams(params: ConsensusParams): void {
  for (const kind of ['propose', 'prevote', 'precommit'] as const) {
    const t = params.timeouts[kind];
    if (!(Number.isFinite(t.baseMs) && t.baseMs >= 0)) throw new ConsensusError({ code: 'INVALID_PARAMS', field: `timeouts.${kind}.baseMs` });
    if (!(Number.isFinite(t.deltaMs) && t.deltaMs >= 0)) throw new ConsensusError({ code: 'INVALID_PARAMS', field: `timeouts.${kind}.deltaMs` });
  }
  if (!(Number.isInteger(params.maxFutureRoundsPerValidator) && params.maxFutureRoundsPerValidator >= 1)) {
    throw new ConsensusError({ code: 'INVALID_PARAMS', field: 'maxFutureRoundsPerValidator' });
  }
}
