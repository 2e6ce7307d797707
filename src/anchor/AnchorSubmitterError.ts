/**
 * Failures {@link AnchorSubmitter} raises to its caller (round failures are logged and counted,
 * never thrown). `code` is stable; `data` carries the fields of that code.
 *
 * - INVALID_OPTIONS: an option is out of range, or the sender account cannot sign locally.
 */
export type AnchorSubmitterErrorData = { code: 'INVALID_OPTIONS'; option: string; reason: string };

export type AnchorSubmitterErrorCode = AnchorSubmitterErrorData['code'];

export class AnchorSubmitterError extends Error {
  override readonly name = 'AnchorSubmitterError';
  readonly code: AnchorSubmitterErrorCode;
  readonly data: AnchorSubmitterErrorData;

  constructor(data: AnchorSubmitterErrorData, message: string) {
    super(message);
    this.code = data.code;
    this.data = data;
  }
}
