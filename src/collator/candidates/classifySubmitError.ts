/**
 * What the relay's answer to `author_submitExtrinsic` means for a candidate:
 * - `known`: the very same transaction is already in the pool (1013) — as good as accepted;
 * - `invalid`: the pool will not take it now (1010 invalid, 1011 unknown validity, 1012 banned
 *   after an earlier invalidity): e.g. its relay parent is too old, its nonce is used, or its
 *   payloads break a limit; resending the same bytes will not help;
 * - `retry`: a transient refusal or no answer: not connected, the connection dropped (the
 *   transaction may or may not have arrived), the pool is full (1016), the pool holds another
 *   transaction with the same nonce and priority (1014), a timeout, an internal error.
 */
export type SubmitOutcome =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'known' }
  | { readonly kind: 'invalid'; readonly reason: string }
  | { readonly kind: 'retry'; readonly reason: string };

/** Substrate's `author` error codes (base 1000) that mean the pool refused the transaction as such. */
const INVALID_CODES = new Set([1010, 1011, 1012]);
const ALREADY_IMPORTED = 1013;

/**
 * Classifies a rejection of `author_submitExtrinsic` as seen through `@polkadot/api`'s
 * WsProvider (an Error with a numeric `code` and `data` for JSON-RPC errors, a plain Error for
 * transport failures).
 *
 * @example
 * classifySubmitError(Object.assign(new Error('1010: Invalid Transaction'), { code: 1010, data: 'Custom error: 107' }))
 * // { kind: 'invalid', reason: '1010: Invalid Transaction (Custom error: 107)' }
 */
export function classifySubmitError(error: unknown): Exclude<SubmitOutcome, { kind: 'accepted' }> {
  const e = error as { code?: unknown; data?: unknown; message?: unknown } | null | undefined;
  const message = typeof e?.message === 'string' ? e.message.split('\n')[0]! : String(error);
  if (typeof e?.code !== 'number') return { kind: 'retry', reason: message };
  if (e.code === ALREADY_IMPORTED) return { kind: 'known' };
  const data = typeof e.data === 'string' ? e.data : e.data === undefined ? undefined : JSON.stringify(e.data);
  const reason = data === undefined || message.includes(data) ? message : `${message} (${data})`;
  return INVALID_CODES.has(e.code) ? { kind: 'invalid', reason } : { kind: 'retry', reason };
}
