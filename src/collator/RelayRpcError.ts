/** Stable codes of {@link RelayRpcError}. */
export type RelayRpcErrorCode =
  /** The WebSocket could not be opened. */
  | 'CONNECT_FAILED'
  /** The connection closed (or was closed) before the answer arrived. */
  | 'CONNECTION_CLOSED'
  /** No answer within the request timeout (the connection is closed then). */
  | 'TIMEOUT'
  /** The relay answered with a JSON-RPC error; `rpcCode`, `data` carry it. */
  | 'RPC_ERROR';

/** A JSON-RPC exchange with a relay node failed. */
export class RelayRpcError extends Error {
  override readonly name = 'RelayRpcError';
  constructor(
    readonly code: RelayRpcErrorCode,
    message: string,
    readonly rpc: { readonly code: number; readonly data?: unknown } | undefined = undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
