/**
 * A JSON-RPC call over http failed.
 * - HTTP_STATUS: the server answered with a non-2xx status.
 * - RPC_ERROR: the response carried a JSON-RPC `error`.
 * - BAD_RESPONSE: the body was not a JSON-RPC response.
 */
export type RpcCallErrorCode = 'HTTP_STATUS' | 'RPC_ERROR' | 'BAD_RESPONSE';

export class RpcCallError extends Error {
  override readonly name = 'RpcCallError';
  constructor(
    readonly code: RpcCallErrorCode,
    readonly method: string,
    detail: string,
  ) {
    super(`${method}: ${detail}`);
  }
}

/** POSTs one JSON-RPC 2.0 request to `url` and returns its `result`. */
export async function jsonRpcHttp<T>(url: string, method: string, params: readonly unknown[], signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    ...(signal !== undefined ? { signal } : {}),
  });
  if (!res.ok) throw new RpcCallError('HTTP_STATUS', method, `http ${res.status}`);
  const body = (await res.json()) as { result?: T; error?: { code: number; message: string } };
  if (body.error !== undefined) throw new RpcCallError('RPC_ERROR', method, `${body.error.code} ${body.error.message}`);
  if (!('result' in body)) throw new RpcCallError('BAD_RESPONSE', method, 'no result');
  return body.result as T;
}
