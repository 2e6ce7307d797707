/**
 * Stable error codes of the RPC layer. Each maps to exactly one JSON-RPC code in
 * {@link RPC_ERROR_TABLE}; nothing else in the code base writes a numeric JSON-RPC code
 * (except `CUSTOM`, whose number the thrower chooses, e.g. Substrate's 1010 for an
 * invalid transaction).
 */
export type RpcErrorCode =
  | 'PARSE_ERROR'
  | 'INVALID_REQUEST'
  | 'METHOD_NOT_FOUND'
  | 'INVALID_PARAMS'
  | 'INTERNAL'
  | 'UNSAFE_METHOD'
  | 'TOO_MANY_SUBSCRIPTIONS'
  | 'OVERSIZED_REQUEST'
  | 'OVERSIZED_RESPONSE'
  | 'BATCH_TOO_LARGE'
  | 'BATCH_RESPONSE_TOO_LARGE'
  | 'SERVER_BUSY'
  | 'CUSTOM';

/** The JSON `error` member of a JSON-RPC 2.0 response. */
export interface RpcErrorJson {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/**
 * The one table from our codes to wire codes and default messages. Numbers and messages are
 * jsonrpsee's (`types/src/error.rs`, 0.16 and later, as used by polkadot-sdk), so clients that
 * switch on codes behave as against a Substrate node. `UNSAFE_METHOD` is Substrate's
 * `UnsafeRpcError`: -32601 with "RPC call is unsafe to be called externally".
 * `CUSTOM` without an explicit number falls back to jsonrpsee's CALL_EXECUTION_FAILED (-32000).
 */
export const RPC_ERROR_TABLE: Readonly<Record<RpcErrorCode, { readonly code: number; readonly message: string }>> = {
  PARSE_ERROR: { code: -32700, message: 'Parse error' },
  INVALID_REQUEST: { code: -32600, message: 'Invalid request' },
  METHOD_NOT_FOUND: { code: -32601, message: 'Method not found' },
  INVALID_PARAMS: { code: -32602, message: 'Invalid params' },
  INTERNAL: { code: -32603, message: 'Internal error' },
  UNSAFE_METHOD: { code: -32601, message: 'RPC call is unsafe to be called externally' },
  TOO_MANY_SUBSCRIPTIONS: { code: -32006, message: 'Too many subscriptions on the connection' },
  OVERSIZED_REQUEST: { code: -32007, message: 'Request is too big' },
  OVERSIZED_RESPONSE: { code: -32008, message: 'Response is too big' },
  SERVER_BUSY: { code: -32009, message: 'Server is busy, try again later' },
  BATCH_TOO_LARGE: { code: -32010, message: 'The batch request was too large' },
  BATCH_RESPONSE_TOO_LARGE: { code: -32011, message: 'The batch response was too large' },
  CUSTOM: { code: -32000, message: 'Server error' },
};

/**
 * An error a handler throws to answer a call with a JSON-RPC error.
 * Anything else a handler throws is answered as -32603 "Internal error" (and logged).
 *
 * @example
 * throw new RpcError('INVALID_PARAMS', 'Invalid params: param 0 (hash) must be 32 bytes of hex');
 * throw new RpcError('CUSTOM', 'Invalid Transaction', 'Transaction is outdated', 1010);
 */
export class RpcError extends Error {
  override readonly name = 'RpcError';
  readonly code: RpcErrorCode;
  readonly data: unknown;
  /** The wire code: from the table, or the caller's number for `CUSTOM`. */
  readonly jsonRpcCode: number;

  constructor(code: RpcErrorCode, message?: string, data?: unknown, jsonRpcCode?: number, options?: { cause?: unknown }) {
    super(message ?? RPC_ERROR_TABLE[code].message, options);
    this.code = code;
    this.data = data;
    this.jsonRpcCode = code === 'CUSTOM' && jsonRpcCode !== undefined ? jsonRpcCode : RPC_ERROR_TABLE[code].code;
  }

  /** The JSON `error` member for a response; `data` is left out when undefined. */
  toJson(): RpcErrorJson {
    return this.data === undefined
      ? { code: this.jsonRpcCode, message: this.message }
      : { code: this.jsonRpcCode, message: this.message, data: this.data };
  }
}
