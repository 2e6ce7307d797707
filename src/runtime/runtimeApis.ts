import { decodeCompact, encodeBytes } from '../primitives/scale.ts';
import { decodeValue, encodeValue } from './codec/scaleValue.ts';
import * as C from './metadata/commonTypes.ts';
import { t } from './metadata/typeInfo.ts';
import type { Runtime, TransactionSource } from './Runtime.ts';
import { StorageOverlay, type StateReader } from './storage/StorageOverlay.ts';
import type { TransactionValidity } from './TransactionValidity.ts';

export class RuntimeApiError extends Error {
  override readonly name = 'RuntimeApiError';
  constructor(
    readonly code: 'UNKNOWN_METHOD' | 'BAD_INPUT',
    message: string,
  ) {
    super(message);
  }
}

/** What a runtime API call runs against: the state of block `at`. */
export interface RuntimeApiContext {
  readonly runtime: Runtime;
  readonly state: StateReader;
  readonly at: { readonly number: bigint; readonly hash: Uint8Array };
}

type RuntimeApi = (ctx: RuntimeApiContext, input: Uint8Array) => Uint8Array;

const SOURCES: readonly TransactionSource[] = ['InBlock', 'Local', 'External'];

/** Splits `UncheckedExtrinsic` (length-prefixed) off the front of `input`. */
function takeExtrinsic(input: Uint8Array, offset: number): { tx: Uint8Array; end: number } {
  const len = decodeCompact(input, offset);
  const end = offset + len.length + Number(len.value);
  if (end > input.length) throw new RuntimeApiError('BAD_INPUT', 'extrinsic truncated');
  return { tx: input.subarray(offset, end), end };
}

function expectEnd(input: Uint8Array, end: number): void {
  if (end !== input.length) throw new RuntimeApiError('BAD_INPUT', `${input.length - end} trailing bytes in the call input`);
}

export function encodeTransactionValidity(v: TransactionValidity): Uint8Array {
  if (v.kind === 'valid') {
    return encodeValue(C.transactionValidity, {
      type: 'Ok',
      value: {
        priority: v.value.priority,
        requires: v.value.requires,
        provides: v.value.provides,
        longevity: v.value.longevity > 18_446_744_073_709_551_615n ? 18_446_744_073_709_551_615n : v.value.longevity,
        propagate: v.value.propagate,
      },
    });
  }
  const inner =
    v.kind === 'invalid'
      ? { type: 'Invalid', value: v.reason === 'Custom' ? { type: 'Custom', value: v.custom ?? 0 } : { type: v.reason } }
      : { type: 'Unknown', value: v.reason === 'Custom' ? { type: 'Custom', value: 0 } : { type: v.reason } };
  return encodeValue(C.transactionValidity, { type: 'Err', value: inner });
}

/**
 * The runtime APIs answered for `state_call`, each under its wire name
 * (`<Trait>_<method>`), with SCALE input and output as a wasm runtime would give.
 */
export const RUNTIME_APIS: Readonly<Record<string, RuntimeApi>> = {
  Core_version: ({ runtime }) => encodeValue(C.runtimeVersion, runtime.version),
  Metadata_metadata: ({ runtime }) => encodeBytes(runtime.metadata.v14),
  Metadata_metadata_versions: () => encodeValue(t.sequence(C.u32), [14, 15]),
  Metadata_metadata_at_version: ({ runtime }, input) => {
    const version = decodeValue<number>(C.u32, input);
    const bytes = version === 14 ? runtime.metadata.v14 : version === 15 ? runtime.metadata.v15 : undefined;
    return bytes === undefined ? Uint8Array.of(0) : Buffer.concat([Uint8Array.of(1), encodeBytes(bytes)]);
  },
  AccountNonceApi_account_nonce: ({ runtime, state }, input) => {
    if (input.length !== 32) throw new RuntimeApiError('BAD_INPUT', 'expected a 32-byte AccountId32');
    return encodeValue(C.u32, runtime.accountNonce(state, input));
  },
  TaggedTransactionQueue_validate_transaction: ({ runtime, state, at }, input) => {
    const source = SOURCES[input[0] ?? 255];
    if (source === undefined) throw new RuntimeApiError('BAD_INPUT', 'invalid TransactionSource');
    const { tx, end } = takeExtrinsic(input, 1);
    if (end + 32 !== input.length) throw new RuntimeApiError('BAD_INPUT', 'expected (source, extrinsic, block hash)');
    const blockHash = input.subarray(end, end + 32);
    return encodeTransactionValidity(runtime.validateTransaction(new StorageOverlay(state), source, tx, { number: at.number, hash: blockHash }));
  },
  TransactionPaymentApi_query_info: ({ runtime }, input) => {
    const { tx, end } = takeExtrinsic(input, 0);
    expectEnd(input, end + 4);
    const info = runtime.queryInfo(tx);
    return encodeValue(C.runtimeDispatchInfo(), { weight: info.weight, class: { type: info.class }, partial_fee: info.partialFee });
  },
  TransactionPaymentApi_query_fee_details: ({ runtime }, input) => {
    const { tx, end } = takeExtrinsic(input, 0);
    expectEnd(input, end + 4);
    const base = runtime.config.baseFee;
    const fee = runtime.queryInfo(tx).partialFee;
    return encodeValue(C.feeDetails(), {
      inclusion_fee: { type: 'Some', value: { base_fee: base, len_fee: fee - base, adjusted_weight_fee: 0n } },
      tip: 0n,
    });
  },
};

/** Runs a runtime API by wire name. */
export function callRuntimeApi(ctx: RuntimeApiContext, method: string, input: Uint8Array): Uint8Array {
  const api = RUNTIME_APIS[method];
  if (api === undefined) throw new RuntimeApiError('UNKNOWN_METHOD', `Exported method ${method} is not found`);
  try {
    return api(ctx, input);
  } catch (e) {
    if (e instanceof RuntimeApiError) throw e;
    throw new RuntimeApiError('BAD_INPUT', `Could not decode the input of ${method}: ${(e as Error).message}`);
  }
}
