/**
 * Why a network could not be launched or driven.
 * - NODE_NOT_READY / NODE_EXITED: a relay node or collator was not ready in time / exited first;
 * - L1_FAILED: anvil did not start, or the anchor contract could not be deployed or funded;
 * - APP_CHAIN_FAILED: a chopsticks app chain did not start;
 * - GENESIS_MISMATCH: the relay's genesis is not the one the anchor contract was deployed for;
 * - UNKNOWN_NODE / NOT_RUNNING / STOPPED: a command named no process, a stopped one, or a stopped network;
 * - ABORTED: the launch was cancelled (Ctrl-C).
 */
export type LaunchErrorCode = 'NODE_NOT_READY' | 'NODE_EXITED' | 'L1_FAILED' | 'APP_CHAIN_FAILED' | 'GENESIS_MISMATCH' | 'UNKNOWN_NODE' | 'NOT_RUNNING' | 'STOPPED' | 'ABORTED';

/** A launcher failure with a stable code; `node` names the process concerned, `logTail` ends its log. */
export class LaunchError extends Error {
  override readonly name = 'LaunchError';
  constructor(
    readonly code: LaunchErrorCode,
    message: string,
    /** `pids`: on a failed launch, every process it had started (all stopped by then). */
    readonly data: { readonly node?: string; readonly logTail?: string; readonly pids?: readonly number[] } = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
