/** Errors of the server itself (configuration, lifecycle), as opposed to answers to calls. */
export type RpcServerErrorCode = 'DUPLICATE_METHOD' | 'INVALID_OPTION' | 'LISTEN_FAILED' | 'ABORTED';

export class RpcServerError extends Error {
  override readonly name = 'RpcServerError';
  readonly code: RpcServerErrorCode;
  /** The method name or option involved, when there is one. */
  readonly subject: string | undefined;

  constructor(code: RpcServerErrorCode, message: string, subject?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.subject = subject;
  }
}
