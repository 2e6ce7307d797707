import { RpcError } from './RpcError.ts';

/** A JSON-RPC 2.0 request id (`null` is legal, though discouraged). */
export type JsonRpcId = string | number | null;

/** One request as read off the wire, already checked against JSON-RPC 2.0. */
export type JsonRpcEntry =
  | { readonly kind: 'call'; readonly id: JsonRpcId; readonly method: string; readonly params: readonly unknown[] }
  /** No `id`: never answered and, like jsonrpsee, never executed. */
  | { readonly kind: 'notification'; readonly method: string }
  /** Answered with `error` and the request's id when it had a usable one, else `null`. */
  | { readonly kind: 'invalid'; readonly id: JsonRpcId; readonly error: RpcError };

/** A whole message: one entry, a batch, or an error that is answered once with id `null`. */
export type JsonRpcMessage =
  | { readonly kind: 'single'; readonly entry: JsonRpcEntry }
  | { readonly kind: 'batch'; readonly entries: readonly JsonRpcEntry[] }
  | { readonly kind: 'error'; readonly error: RpcError };

function isId(value: unknown): value is JsonRpcId {
  return value === null || typeof value === 'string' || typeof value === 'number';
}

/** Checks one parsed JSON value against the JSON-RPC 2.0 request object. */
export function toJsonRpcEntry(value: unknown): JsonRpcEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', id: null, error: new RpcError('INVALID_REQUEST') };
  }
  const obj = value as Record<string, unknown>;
  const hasId = Object.hasOwn(obj, 'id');
  const id = hasId && isId(obj['id']) ? obj['id'] : null;
  if (obj['jsonrpc'] !== '2.0' || typeof obj['method'] !== 'string' || (hasId && !isId(obj['id']))) {
    return { kind: 'invalid', id, error: new RpcError('INVALID_REQUEST') };
  }
  const method = obj['method'];
  if (!hasId) return { kind: 'notification', method };
  const params = obj['params'];
  if (params === undefined || params === null) return { kind: 'call', id, method, params: [] };
  if (Array.isArray(params)) return { kind: 'call', id, method, params };
  return {
    kind: 'invalid',
    id,
    error: new RpcError('INVALID_PARAMS', 'Invalid params: params must be an array (named params are not supported)'),
  };
}

/**
 * Parses one incoming message (a WebSocket frame or an HTTP body).
 *
 * @example
 * parseJsonRpcMessage('{"jsonrpc":"2.0","id":1,"method":"system_name"}', 256)
 * // → { kind: 'single', entry: { kind: 'call', id: 1, method: 'system_name', params: [] } }
 */
export function parseJsonRpcMessage(text: string, maxBatchLength: number): JsonRpcMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'error', error: new RpcError('PARSE_ERROR') };
  }
  if (!Array.isArray(value)) return { kind: 'single', entry: toJsonRpcEntry(value) };
  if (value.length === 0) return { kind: 'error', error: new RpcError('INVALID_REQUEST') };
  if (value.length > maxBatchLength) {
    return { kind: 'error', error: new RpcError('BATCH_TOO_LARGE', undefined, `Exceeded max limit of ${maxBatchLength}`) };
  }
  return { kind: 'batch', entries: value.map(toJsonRpcEntry) };
}
