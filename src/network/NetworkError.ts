/**
 * Every failure the network service reports. `code` is stable; `data` carries the fields of that code.
 *
 * - TIMEOUT: a request got no complete response within its deadline.
 * - TOO_LARGE: a message is over `maxMessageBytes` (ours to send, or the remote's response).
 * - UNKNOWN_PEER: the peer id is malformed, or no connection speaking our protocols is open to it.
 * - PROTOCOL: the remote does not speak the protocol, reset the stream, or broke the framing.
 * - NOT_STARTED: the service was used before `start()` or after `stop()`.
 * - DIAL_FAILED: an explicit dial could not establish a usable connection.
 * - INVALID_ARGUMENT: a node key, multiaddr or option is malformed (raised at construction).
 */
export type NetworkErrorData =
  | { code: 'TIMEOUT'; peerId: string; protocol: string; timeoutMs: number }
  | { code: 'TOO_LARGE'; size: number; limit: number }
  | { code: 'UNKNOWN_PEER'; peerId: string }
  | { code: 'PROTOCOL'; peerId: string; protocol: string; reason: string }
  | { code: 'NOT_STARTED' }
  | { code: 'DIAL_FAILED'; address: string; reason: string }
  | { code: 'INVALID_ARGUMENT'; what: string; value: string };

export type NetworkErrorCode = NetworkErrorData['code'];

export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  readonly code: NetworkErrorCode;
  readonly data: NetworkErrorData;

  constructor(data: NetworkErrorData, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = data.code;
    this.data = data;
  }
}

export function isNetworkError(e: unknown, code?: NetworkErrorCode): e is NetworkError {
  return e instanceof NetworkError && (code === undefined || e.code === code);
}
