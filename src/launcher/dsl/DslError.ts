/**
 * A .zndsl file that cannot be run; raised by `parseZndsl` before anything starts.
 *
 * - MALFORMED_LINE: the line is neither a header, a comment, nor a known assertion/command.
 * - BAD_VALUE: the line has the right shape but a value is invalid (number, regex, duplicate header).
 * - MISSING_HEADER: a required header (`Network:`) is absent; `line` is 1.
 */
export type DslErrorCode = 'MALFORMED_LINE' | 'BAD_VALUE' | 'MISSING_HEADER';

export class DslError extends Error {
  override readonly name = 'DslError';

  constructor(
    readonly code: DslErrorCode,
    readonly file: string,
    /** 1-based line number in the file. */
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
  }
}

export function isDslError(e: unknown, code?: DslErrorCode): e is DslError {
  return e instanceof DslError && (code === undefined || e.code === code);
}
