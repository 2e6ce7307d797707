import { RpcError } from '../../rpc/server/index.ts';
import type { ConnectorError } from '../connectors/ConnectorError.ts';
import type { CandidateError, CandidateErrorCode } from './CandidateError.ts';

/**
 * The one table from the gatherer's refusals to JSON-RPC errors, chosen so wallets read them
 * as they read a Substrate node's pool refusals (`author` errors, base 1000).
 */
const TABLE: Readonly<Record<CandidateErrorCode, { readonly code: number; readonly message: string }>> = {
  BAD_HEX: { code: -32602, message: 'Invalid params' },
  EMPTY_PAYLOAD: { code: 1010, message: 'Invalid Transaction' },
  PAYLOAD_TOO_LARGE: { code: 1010, message: 'Invalid Transaction' },
  DUPLICATE: { code: 1013, message: 'Transaction Already Imported' },
  QUEUE_FULL: { code: 1016, message: 'Immediately Dropped' },
  NOT_RUNNING: { code: -32009, message: 'Server is busy, try again later' },
  STORE_LOCKED: { code: -32603, message: 'Internal error' },
  STORE_MISMATCH: { code: -32603, message: 'Internal error' },
  STORE_FAILED: { code: -32603, message: 'Internal error' },
};

/**
 * A CandidateError as the collator's RPC answers it: the table's code and message, with the
 * specific reason in `data` (e.g. `1010 Invalid Transaction`, data `transaction of 70000 bytes
 * exceeds the relay's Sequencer.MaxPayloadBytes (65536)`). Store failures are not detailed.
 */
export function candidateRpcError(error: CandidateError): RpcError {
  const entry = TABLE[error.code];
  if (entry.code === -32603) return new RpcError('INTERNAL');
  return new RpcError('CUSTOM', entry.message, error.message, entry.code);
}

/** A failure of a call forwarded to the app chain's node: its own JSON-RPC error when it sent one. */
export function forwardedRpcError(error: ConnectorError): RpcError {
  if (error.code === 'RPC_ERROR' && error.rpcCode !== undefined) {
    return new RpcError('CUSTOM', error.message, error.rpcData, error.rpcCode);
  }
  return new RpcError('INTERNAL', `App chain node unavailable: ${error.message}`);
}
