/** Stable codes of the app-chain connectors' errors. */
export type ConnectorErrorCode =
  /** `connect()` has not completed, or the connection is down right now (a retry may succeed). */
  | 'NOT_CONNECTED'
  /** The connection dropped while the request was in flight; whether the node handled it is unknown. */
  | 'DISCONNECTED'
  /** `close()` was called; the connector cannot be used again. */
  | 'CLOSED'
  /** `connect()` gave up: aborted, or not connected within `connectTimeoutMs`. */
  | 'CONNECT_FAILED'
  /** The chain spec file cannot be read, is not JSON, or the light client refuses it. */
  | 'INVALID_CHAIN_SPEC'
  /** The node answered with a JSON-RPC error (`rpcCode`, `rpcData` carry it). */
  | 'RPC_ERROR'
  /** No answer within `requestTimeoutMs` (a light client without peers never answers block queries). */
  | 'TIMEOUT'
  /** The answer does not have the expected shape (e.g. pending extrinsics that are not hex). */
  | 'BAD_RESPONSE'
  /** The light client's request queue is full. */
  | 'QUEUE_FULL'
  /** The light client crashed (a smoldot bug); the connector is unusable. */
  | 'CRASHED';

/**
 * An app-chain connector failure with a stable `code`.
 *
 * @example
 * try { await connector.pendingExtrinsics(); }
 * catch (e) { if (e instanceof ConnectorError && e.code === 'NOT_CONNECTED') retryLater(); }
 */
export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  readonly code: ConnectorErrorCode;
  /** The JSON-RPC error code, for `RPC_ERROR`. */
  readonly rpcCode: number | undefined;
  /** The JSON-RPC error data, for `RPC_ERROR`. */
  readonly rpcData: unknown;

  constructor(code: ConnectorErrorCode, message: string, options: { cause?: unknown; rpcCode?: number; rpcData?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.rpcCode = options.rpcCode;
    this.rpcData = options.rpcData;
  }
}
