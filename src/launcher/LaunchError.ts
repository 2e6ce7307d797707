/** Why a network could not be launched or driven. */
export type LaunchErrorCode = 'NOT_YET_SUPPORTED' | 'NODE_NOT_READY' | 'NODE_EXITED' | 'UNKNOWN_NODE' | 'NOT_RUNNING' | 'STOPPED' | 'ABORTED';

/** A launcher failure with a stable code; `node` names the process concerned, `logTail` ends its log. */
export class LaunchError extends Error {
  override readonly name = 'LaunchError';
  constructor(
    readonly code: LaunchErrorCode,
    message: string,
    /** `pids`: on a failed launch, every process it had started (all stopped by then). */
    readonly data: { readonly node?: string; readonly logTail?: string; readonly unsupported?: readonly string[]; readonly pids?: readonly number[] } = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
