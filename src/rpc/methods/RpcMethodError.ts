/** Stable codes of the errors the method handlers detect themselves (the rest come from the node). */
export type RpcMethodErrorCode =
  /** `state_getKeysPaged` count above {@link STORAGE_KEYS_PAGED_MAX_COUNT}. */
  | 'INVALID_COUNT'
  /** A block number that does not fit Substrate's u32 block numbers. */
  | 'BLOCK_NUMBER_TOO_LARGE'
  /** Bytes that are not a length-prefixed extrinsic. */
  | 'BAD_FORMAT';

/** The most keys `state_getKeysPaged` returns (Substrate's `STORAGE_KEYS_PAGED_MAX_COUNT`). */
export const STORAGE_KEYS_PAGED_MAX_COUNT = 1000;

export type RpcMethodErrorType =
  | { readonly code: 'INVALID_COUNT'; readonly value: number; readonly max: number }
  | { readonly code: 'BLOCK_NUMBER_TOO_LARGE'; readonly value: bigint }
  | { readonly code: 'BAD_FORMAT'; readonly detail: string };

/** An error found by a handler; `rpcErrorTable` turns it into Substrate's JSON-RPC error. */
export class RpcMethodError extends Error {
  override readonly name = 'RpcMethodError';
  readonly type: RpcMethodErrorType;

  constructor(type: RpcMethodErrorType) {
    super(describe(type));
    this.type = type;
  }

  get code(): RpcMethodErrorCode {
    return this.type.code;
  }
}

function describe(t: RpcMethodErrorType): string {
  switch (t.code) {
    case 'INVALID_COUNT':
      return `count exceeds maximum value. value: ${t.value}, max: ${t.max}`;
    case 'BLOCK_NUMBER_TOO_LARGE':
      return `\`${t.value}\` > u32::MAX, the max block number is u32.`;
    case 'BAD_FORMAT':
      return t.detail;
  }
}
