/** A user error on the command line: printed without a stack, exit code 2. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode = 2;
}
