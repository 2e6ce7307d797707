/** Stable codes of {@link SpindleRpcError}. */
export type SpindleRpcErrorCode = 'UNKNOWN_PARA';

export type SpindleRpcErrorType = { readonly code: 'UNKNOWN_PARA'; readonly paraId: number; readonly blockHash: Uint8Array };

/** A `spindle_*` request the relay cannot answer; `rpcErrorTable` maps it to its JSON-RPC code. */
export class SpindleRpcError extends Error {
  override readonly name = 'SpindleRpcError';
  readonly type: SpindleRpcErrorType;

  constructor(type: SpindleRpcErrorType) {
    super(`Unknown para ${type.paraId}: it is not registered at block 0x${Buffer.from(type.blockHash).toString('hex')}`);
    this.type = type;
  }

  get code(): SpindleRpcErrorCode {
    return this.type.code;
  }
}
