/** Stable codes of the errors `step` throws; all of them are host contract violations, never network input. */
export type ConsensusErrorCode = 'INVALID_VALIDATOR_SET' | 'STALE_HEIGHT' | 'INVALID_PARAMS';

export type ConsensusErrorType =
  | { code: 'INVALID_VALIDATOR_SET'; reason: 'empty' | 'duplicateId' | 'nonPositivePower'; id?: string }
  | { code: 'STALE_HEIGHT'; height: bigint; current: bigint }
  | { code: 'INVALID_PARAMS'; field: string };

function describe(t: ConsensusErrorType): string {
  switch (t.code) {
    case 'INVALID_VALIDATOR_SET':
      return `invalid validator set: ${t.reason}${t.id === undefined ? '' : ` (${t.id})`}`;
    case 'STALE_HEIGHT':
      return `StartHeight ${t.height} is not above the current height ${t.current}`;
    case 'INVALID_PARAMS':
      return `invalid consensus params: ${t.field}`;
  }
}

/** A host bug detected by the consensus core; `type` carries the code and its data. */
export class ConsensusError extends Error {
  override readonly name = 'ConsensusError';
  readonly type: ConsensusErrorType;

  constructor(type: ConsensusErrorType) {
    super(describe(type));
    this.type = type;
  }

  get code(): ConsensusErrorCode {
    return this.type.code;
  }
}
