/** What is wrong with a network definition file. */
export type NetworkDefinitionErrorCode = 'TOML_SYNTAX' | 'UNKNOWN_KEY' | 'MISSING_KEY' | 'BAD_VALUE' | 'DUPLICATE';

/** One problem found in a network definition, located by its key path (`relaychain.nodes[2].rpc_port`). */
export interface NetworkDefinitionIssue {
  readonly code: NetworkDefinitionErrorCode;
  /** Dotted key path, with `[i]` for array elements; absent for syntax errors. */
  readonly path?: string;
  /** 1-based line of the problem (or of the nearest enclosing table written in the file). */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/**
 * A network definition that cannot be used. `code`, `path` and `line` are those of the first issue;
 * `issues` lists every problem found (all unknown keys, all bad values), so one run reports them all.
 */
export class NetworkDefinitionError extends Error {
  override readonly name = 'NetworkDefinitionError';
  readonly code: NetworkDefinitionErrorCode;
  readonly path: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(
    readonly file: string,
    readonly issues: readonly [NetworkDefinitionIssue, ...NetworkDefinitionIssue[]],
  ) {
    super(issues.map((i) => `${file}${i.line === undefined ? '' : `:${i.line}${i.column === undefined ? '' : `:${i.column}`}`}: ${i.path === undefined ? '' : `${i.path}: `}${i.message}`).join('\n'));
    const first = issues[0];
    this.code = first.code;
    this.path = first.path;
    this.line = first.line;
    this.column = first.column;
  }
}
