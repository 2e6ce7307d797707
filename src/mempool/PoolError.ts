import type { InvalidReason, UnknownReason } from './types.ts';

/** Stable codes of the pool's errors. */
export type PoolErrorCode =
  | 'INVALID'
  | 'UNKNOWN'
  | 'TEMPORARILY_BANNED'
  | 'ALREADY_IMPORTED'
  | 'TOO_LOW_PRIORITY'
  | 'CYCLE_DETECTED'
  | 'IMMEDIATELY_DROPPED'
  | 'NO_TAGS';

/** Which limit made the pool drop a newcomer. */
export type PoolLimit = 'ready' | 'future' | 'bytes' | 'sender';

/** The data each error carries, tagged by its code. */
export type PoolErrorType =
  | { code: 'INVALID'; reason: InvalidReason; detail?: string }
  | { code: 'UNKNOWN'; reason: UnknownReason; detail?: string }
  | { code: 'TEMPORARILY_BANNED'; hash: Uint8Array }
  | { code: 'ALREADY_IMPORTED'; hash: Uint8Array }
  | { code: 'TOO_LOW_PRIORITY'; old: bigint; new: bigint }
  | { code: 'CYCLE_DETECTED' }
  | { code: 'IMMEDIATELY_DROPPED'; limit: PoolLimit }
  | { code: 'NO_TAGS' };

/** A JSON-RPC error object as the `author_*` methods send it. */
export interface RpcErrorObject {
  code: number;
  message: string;
  data?: string;
}

/** The one table of JSON-RPC codes (Substrate's `author` base 1000 + offset). */
export const POOL_ERROR_RPC_CODES: Readonly<Record<PoolErrorCode, number>> = {
  INVALID: 1010,
  UNKNOWN: 1011,
  TEMPORARILY_BANNED: 1012,
  ALREADY_IMPORTED: 1013,
  TOO_LOW_PRIORITY: 1014,
  CYCLE_DETECTED: 1015,
  IMMEDIATELY_DROPPED: 1016,
  NO_TAGS: 1019,
};

/** Substrate's `&'static str` for each `InvalidTransaction`, and Spindle's own reasons. */
const INVALID_TEXT: Readonly<Record<InvalidReason, string>> = {
  Call: 'Transaction call is not expected',
  Payment: 'Inability to pay some fees (e.g. account balance too low)',
  Future: 'Transaction will be valid in the future',
  Stale: 'Transaction is outdated',
  BadProof: 'Transaction has a bad signature',
  AncientBirthBlock: 'Transaction has an ancient birth block',
  ExhaustsResources: 'Transaction would exhaust the block limits',
  Custom: 'InvalidTransaction custom error',
  BadMandatory: 'A call was labelled as mandatory, but resulted in an Error.',
  MandatoryValidation: 'Transaction dispatch is mandatory; transactions must not be validated.',
  BadSigner: 'Invalid signing address',
  UnknownPara: 'Unknown para id',
  PayloadTooLarge: 'Payload is too large',
  Malformed: 'Transaction is malformed',
};

const SPINDLE_REASONS: ReadonlySet<InvalidReason> = new Set(['UnknownPara', 'PayloadTooLarge', 'Malformed']);

/**
 * The `data` text of a 1010 error, as Substrate writes it: the reason's text, `Custom error: N`
 * for custom ones; Spindle's own reasons append `: detail` when there is one.
 */
export function invalidReasonText(reason: InvalidReason, detail?: string): string {
  if (reason === 'Custom') return `Custom error: ${detail ?? '0'}`;
  const text = INVALID_TEXT[reason];
  return SPINDLE_REASONS.has(reason) && detail !== undefined ? `${text}: ${detail}` : text;
}

/** The `data` text of a 1011 error: Substrate's `Debug` of `UnknownTransaction`. */
export function unknownReasonText(reason: UnknownReason, detail?: string): string {
  return reason === 'Custom' ? `Custom(${detail ?? '0'})` : reason;
}

function hex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}

function describe(type: PoolErrorType): string {
  switch (type.code) {
    case 'INVALID':
      return `Invalid Transaction: ${invalidReasonText(type.reason, type.detail)}`;
    case 'UNKNOWN':
      return `Unknown Transaction Validity: ${unknownReasonText(type.reason, type.detail)}`;
    case 'TEMPORARILY_BANNED':
      return `Transaction is temporarily banned: ${hex(type.hash)}`;
    case 'ALREADY_IMPORTED':
      return `Transaction Already Imported: ${hex(type.hash)}`;
    case 'TOO_LOW_PRIORITY':
      return `Priority is too low: (${type.old} vs ${type.new})`;
    case 'CYCLE_DETECTED':
      return 'Cycle Detected';
    case 'IMMEDIATELY_DROPPED':
      return `Immediately Dropped: ${type.limit} limit`;
    case 'NO_TAGS':
      return 'No tags provided';
  }
}

/** A transaction the pool refused; `type` carries the code and its data. */
export class PoolError extends Error {
  override readonly name = 'PoolError';
  readonly type: PoolErrorType;

  constructor(type: PoolErrorType, options?: { cause?: unknown }) {
    super(describe(type), options);
    this.type = type;
  }

  get code(): PoolErrorCode {
    return this.type.code;
  }

  /** The JSON-RPC error code (1010…1019). */
  get rpcCode(): number {
    return POOL_ERROR_RPC_CODES[this.type.code];
  }
}

/**
 * Maps a pool error to the JSON-RPC error object Substrate's `author_*` methods send,
 * with Substrate's exact `message` and `data` texts (`sc-rpc-api` `author/error.rs`).
 *
 * @example
 * poolErrorToRpc(new PoolError({ code: 'INVALID', reason: 'BadProof' }))
 * // { code: 1010, message: 'Invalid Transaction', data: 'Transaction has a bad signature' }
 */
export function poolErrorToRpc(e: PoolError): RpcErrorObject {
  const t = e.type;
  const code = POOL_ERROR_RPC_CODES[t.code];
  switch (t.code) {
    case 'INVALID':
      return { code, message: 'Invalid Transaction', data: invalidReasonText(t.reason, t.detail) };
    case 'UNKNOWN':
      return { code, message: 'Unknown Transaction Validity', data: unknownReasonText(t.reason, t.detail) };
    case 'TEMPORARILY_BANNED':
      return { code, message: 'Transaction is temporarily banned' };
    case 'ALREADY_IMPORTED':
      return { code, message: 'Transaction Already Imported', data: hex(t.hash) };
    case 'TOO_LOW_PRIORITY':
      return {
        code,
        message: `Priority is too low: (${t.old} vs ${t.new})`,
        data: 'The transaction has too low priority to replace another transaction already in the pool.',
      };
    case 'CYCLE_DETECTED':
      return { code, message: 'Cycle Detected' };
    case 'IMMEDIATELY_DROPPED':
      return {
        code,
        message: 'Immediately Dropped',
        data: "The transaction couldn't enter the pool because of the limit",
      };
    case 'NO_TAGS':
      return {
        code,
        message: 'No tags provided',
        data: "Transaction does not provide any tags, so the pool can't identify it",
      };
  }
}
