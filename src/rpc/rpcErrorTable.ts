import { TxRejectedError } from './TxRejectedError.ts';
import { ExtrinsicError } from '../primitives/extrinsic.ts';
import { RpcMethodError } from './methods/RpcMethodError.ts';
import { SpindleRpcError } from './methods/SpindleRpcError.ts';
import { RuntimeCallError, UnknownBlockError } from './RpcBackend.ts';
import { RpcError } from './server/index.ts';

/**
 * The one place that turns the typed errors of the node and of the handlers into the JSON-RPC
 * errors a Substrate node sends (codes from polkadot-sdk `sc-rpc-api`: author 1000+, system
 * 2000+, chain 3000+, state 4000+; `pallet-transaction-payment-rpc`: 1 runtime, 2 decode).
 *
 * | error | author_* | chain_* | state_* | payment_* |
 * |---|---|---|---|---|
 * | TxRejectedError | 1010…1019 (as the node words the refusal) | | | |
 * | UnknownBlockError | 1040 | 3002 | 4003 | 1 |
 * | RuntimeCallError | 1040 | 3002 | 4003 | 1 |
 * | ExtrinsicError, RpcMethodError BAD_FORMAT | 1001 | 3002 | 4003 | 2 |
 * | RpcMethodError INVALID_COUNT | 4002 (any namespace) |
 * | RpcMethodError BLOCK_NUMBER_TOO_LARGE | 3001 (any namespace) |
 * | SpindleRpcError UNKNOWN_PARA | 7001 (any namespace; `spindle_*` codes are 7000+) |
 *
 * In `system_*` and other namespaces the client errors are -32603 with their message. The
 * namespace is the method's prefix unless given (an alias such as `chain_getRuntimeVersion`
 * answers with the codes of the module that implements it, `state`).
 *
 * @example
 * toRpcError(new UnknownBlockError(hash), 'state_getStorage')
 * // RpcError 4003 "Client error: UnknownBlock: Header was not found in the database: 0x…"
 */
export function toRpcError(err: unknown, method: string, namespace: string = namespaceOf(method)): RpcError | undefined {
  if (err instanceof RpcError) return err;
  if (err instanceof TxRejectedError) {
    const o = err.rejection;
    return new RpcError('CUSTOM', o.message, o.data, o.code, { cause: err });
  }
  if (err instanceof RpcMethodError) {
    switch (err.type.code) {
      case 'INVALID_COUNT':
        return custom(STATE_INVALID_COUNT, err.message, err);
      case 'BLOCK_NUMBER_TOO_LARGE':
        return custom(CHAIN_OTHER, err.message, err);
      case 'BAD_FORMAT':
        return badFormat(err.message, method, namespace, err);
    }
  }
  if (err instanceof SpindleRpcError) {
    switch (err.type.code) {
      case 'UNKNOWN_PARA':
        return custom(SPINDLE_UNKNOWN_PARA, err.message, err, { paraId: err.type.paraId });
    }
  }
  if (err instanceof ExtrinsicError) return badFormat(err.message, method, namespace, err);
  if (err instanceof UnknownBlockError) {
    return clientError(`UnknownBlock: Header was not found in the database: 0x${Buffer.from(err.hash).toString('hex')}`, method, namespace, err);
  }
  if (err instanceof RuntimeCallError) {
    // Substrate's wasm executor reports a missing export as `Other: Exported method … is not found`.
    const detail = err.code === 'UNKNOWN_METHOD' ? `Other: ${err.message}` : err.message;
    return clientError(`Execution failed: ${detail}`, method, namespace, err);
  }
  return undefined;
}

const AUTHOR_BAD_FORMAT = 1001;
const AUTHOR_OTHER = 1040;
const CHAIN_OTHER = 3001;
const CHAIN_CLIENT = 3002;
const STATE_INVALID_COUNT = 4002;
const STATE_CLIENT = 4003;
const SPINDLE_UNKNOWN_PARA = 7001;
const PAYMENT_RUNTIME = 1;
const PAYMENT_DECODE = 2;

function custom(code: number, message: string, cause: unknown, data?: unknown): RpcError {
  return new RpcError('CUSTOM', message, data, code, { cause });
}

/** `pallet-transaction-payment-rpc`'s message for each of its methods. */
function paymentMessage(method: string): string {
  return method === 'payment_queryFeeDetails' ? 'Unable to query fee details.' : 'Unable to query dispatch info.';
}

/** A failure of the client (unknown block, runtime execution) as the method's namespace reports it. */
function clientError(detail: string, method: string, namespace: string, cause: unknown): RpcError {
  const message = `Client error: ${detail}`;
  switch (namespace) {
    case 'author':
      return custom(AUTHOR_OTHER, message, cause);
    case 'chain':
      return custom(CHAIN_CLIENT, message, cause);
    case 'state':
      return custom(STATE_CLIENT, message, cause);
    case 'payment':
      return custom(PAYMENT_RUNTIME, paymentMessage(method), cause, detail);
    default:
      return new RpcError('INTERNAL', detail, undefined, undefined, { cause });
  }
}

/** Bytes that do not decode as an extrinsic. */
function badFormat(detail: string, method: string, namespace: string, cause: unknown): RpcError {
  switch (namespace) {
    case 'author':
      return custom(AUTHOR_BAD_FORMAT, `Extrinsic has invalid format: ${detail}`, cause);
    case 'payment':
      return custom(PAYMENT_DECODE, paymentMessage(method), cause, detail);
    default:
      return clientError(detail, method, namespace, cause);
  }
}

/** `state` for `state_getStorage`: the namespace whose error codes a method uses by default. */
export function namespaceOf(method: string): string {
  const i = method.indexOf('_');
  return i < 0 ? method : method.slice(0, i);
}
