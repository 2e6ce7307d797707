import { RpcError } from '../server/index.ts';

/**
 * The errors of the new JSON-RPC interface (paritytech.github.io/json-rpc-interface-spec),
 * with the codes and messages of polkadot-sdk's `sc-rpc-spec-v2` (`chain_head/error.rs`).
 * Each is an {@link RpcError} `CUSTOM` with the spec's number, so the error table passes it through.
 *
 * @example
 * throw specV2Error('INVALID_BLOCK'); // -32801 "Invalid block hash"
 */
export type SpecV2ErrorCode = 'REACHED_LIMITS' | 'INVALID_BLOCK' | 'INVALID_RUNTIME_CALL' | 'INVALID_CONTINUE' | 'DUPLICATE_HASHES' | 'INVALID_OPERATION_ID';

export const SPEC_V2_ERRORS: Readonly<Record<SpecV2ErrorCode, { readonly code: number; readonly message: string }>> = {
  REACHED_LIMITS: { code: -32800, message: 'Maximum number of chainHead_follow has been reached' },
  INVALID_BLOCK: { code: -32801, message: 'Invalid block hash' },
  INVALID_RUNTIME_CALL: { code: -32802, message: 'The `chainHead_follow` subscription was started with `withRuntime` set to `false`' },
  INVALID_CONTINUE: { code: -32803, message: 'Invalid continue operation' },
  DUPLICATE_HASHES: { code: -32804, message: 'Received duplicate hashes for the `chainHead_unpin` method' },
  INVALID_OPERATION_ID: { code: -32602, message: 'Invalid operation id' },
};

export function specV2Error(code: SpecV2ErrorCode, data?: unknown): RpcError {
  const { code: n, message } = SPEC_V2_ERRORS[code];
  return new RpcError('CUSTOM', message, data, n);
}
