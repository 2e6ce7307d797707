import type { OwnSignedEntry } from './WalEntry.ts';

/**
 * Every failure the consensus WAL reports. `code` is stable; `data` carries the fields of that code.
 *
 * - DOUBLE_SIGN: a different own vote/proposal is already recorded for this (height, round, step);
 *   `existing` is the recorded one. Nothing was written.
 * - HEIGHT_PRUNED: an own vote/proposal for a height the WAL has pruned (its guard records are gone,
 *   so signing there could equivocate). Nothing was written.
 * - CORRUPT: a stored record (under `key`, hex of the raw `wal` column key) does not decode; `reason` says why.
 * - INVALID_ARGUMENT: a caller passed an impossible value (`field` names it); nothing was written.
 */
export type WalErrorData =
  | { code: 'DOUBLE_SIGN'; existing: OwnSignedEntry }
  | { code: 'HEIGHT_PRUNED'; height: bigint; prunedBelow: bigint }
  | { code: 'CORRUPT'; key: string; reason: string }
  | { code: 'INVALID_ARGUMENT'; field: string; reason: string };

export type WalErrorCode = WalErrorData['code'];

function describe(d: WalErrorData): string {
  switch (d.code) {
    case 'DOUBLE_SIGN':
      return `refusing to sign: a different ${d.existing.kind === 'ownVote' ? d.existing.step : 'proposal'} is already recorded at height ${d.existing.height} round ${d.existing.round}`;
    case 'HEIGHT_PRUNED':
      return `refusing to sign at height ${d.height}: the WAL is pruned below ${d.prunedBelow}`;
    case 'CORRUPT':
      return `corrupt WAL record at key ${d.key}: ${d.reason}`;
    case 'INVALID_ARGUMENT':
      return `invalid ${d.field}: ${d.reason}`;
  }
}

export class WalError extends Error {
  override readonly name = 'WalError';
  readonly code: WalErrorCode;
  readonly data: WalErrorData;

  constructor(data: WalErrorData, options?: { cause?: unknown }) {
    super(describe(data), options);
    this.code = data.code;
    this.data = data;
  }
}

export function isWalError(e: unknown, code?: WalErrorCode): e is WalError {
  return e instanceof WalError && (code === undefined || e.code === code);
}
