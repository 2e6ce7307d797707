/**
 * Every failure of the metrics module. `code` is stable; `data` carries the fields of that code.
 *
 * - INVALID_METRIC_NAME: not `[a-zA-Z_:][a-zA-Z0-9_:]*`.
 * - INVALID_LABEL_NAME: not `[a-zA-Z_][a-zA-Z0-9_]*`, starts with `__`, repeated, or `le` on a histogram.
 * - INVALID_HELP: empty or not well-formed Unicode.
 * - INVALID_BUCKETS: not finite numbers in strictly increasing order (a trailing `+Inf` is allowed and dropped).
 * - DUPLICATE_METRIC: the name, or one of the sample names it renders (`_bucket`, `_sum`, `_count`),
 *   is already taken by `conflictsWith`.
 * - INVALID_LABELS: a call gave label values that are not exactly the declared names, each a well-formed string.
 * - INVALID_VALUE: a counter increment below 0 (or NaN), a histogram observation of NaN, or not a number/bigint.
 * - COLLECT_FAILED: a gauge's `collect` callback threw during `render()` (the cause is attached).
 * - INVALID_OPTION: a server option is out of range.
 * - LISTEN_FAILED: the server cannot bind its host/port (the cause is attached).
 * - ABORTED: `start(signal)` was called with an already aborted signal.
 */
export type MetricsErrorData =
  | { code: 'INVALID_METRIC_NAME'; metric: string }
  | { code: 'INVALID_LABEL_NAME'; metric: string; label: string }
  | { code: 'INVALID_HELP'; metric: string }
  | { code: 'INVALID_BUCKETS'; metric: string }
  | { code: 'DUPLICATE_METRIC'; metric: string; conflictsWith: string }
  | { code: 'INVALID_LABELS'; metric: string; expected: readonly string[] }
  | { code: 'INVALID_VALUE'; metric: string }
  | { code: 'COLLECT_FAILED'; metric: string }
  | { code: 'INVALID_OPTION'; option: string }
  | { code: 'LISTEN_FAILED'; host: string; port: number }
  | { code: 'ABORTED' };

export type MetricsErrorCode = MetricsErrorData['code'];

export class MetricsError extends Error {
  override readonly name = 'MetricsError';
  readonly code: MetricsErrorCode;
  readonly data: MetricsErrorData;

  constructor(data: MetricsErrorData, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = data.code;
    this.data = data;
  }
}

export function isMetricsError(e: unknown, code?: MetricsErrorCode): e is MetricsError {
  return e instanceof MetricsError && (code === undefined || e.code === code);
}
