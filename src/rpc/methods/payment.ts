import { u8aConcat } from '@polkadot/util';
import { encodeU32, ScaleError } from '../../primitives/scale.ts';
import { checkExtrinsicFormat } from './checkExtrinsicFormat.ts';
import { blockParam, bytesParam } from './paramHelpers.ts';
import type { Handler } from './types.ts';

/**
 * `payment_*` methods (`pallet-transaction-payment-rpc`), deprecated in Substrate in favour of
 * the `TransactionPaymentApi` runtime calls (which @polkadot/api uses through `state_call`).
 * Errors: 1 "Unable to query dispatch info." (runtime, unknown block), 2 (undecodable bytes).
 */

/**
 * Weight, class and fee (before tip) of an extrinsic, as Substrate serialises
 * `RuntimeDispatchInfo<Balance, Weight>`: `Weight` keeps its snake_case fields, the class is
 * camelCase, the fee a decimal string.
 *
 * @example
 * // → {"weight":{"ref_time":101450000,"proof_size":145},"class":"normal","partialFee":"1145000000"}
 */
export const payment_queryInfo: Handler = ({ backend }, params) => {
  const tx = bytesParam(params, 0, 'extrinsic');
  const at = blockParam(backend.chain, params, 1);
  checkExtrinsicFormat(tx);
  const info = backend.queryInfo(tx, at);
  return {
    weight: { ref_time: Number(info.weight.refTime), proof_size: Number(info.weight.proofSize) },
    class: info.class.charAt(0).toLowerCase() + info.class.slice(1),
    partialFee: info.partialFee.toString(),
  };
};

/**
 * The fee's parts, from the runtime's `TransactionPaymentApi_query_fee_details`, as Substrate's
 * RPC writes `FeeDetails<NumberOrHex>` (balances as `0x` hex; the tip is not serialised).
 *
 * @example
 * // → {"inclusionFee":{"baseFee":"0x3b9aca00","lenFee":"0x8a6e5c0","adjustedWeightFee":"0x0"}}
 */
export const payment_queryFeeDetails: Handler = ({ backend }, params) => {
  const tx = bytesParam(params, 0, 'extrinsic');
  const at = blockParam(backend.chain, params, 1);
  checkExtrinsicFormat(tx);
  const out = backend.state.call(at, 'TransactionPaymentApi_query_fee_details', u8aConcat(tx, encodeU32(tx.length)));
  if (out[0] === 0) return { inclusionFee: null };
  if (out[0] !== 1 || out.length < 1 + 3 * 16) throw new ScaleError('INVALID_VALUE', 'unexpected FeeDetails from the runtime');
  const u128 = (i: number): string => `0x${readU128(out, 1 + 16 * i).toString(16)}`;
  return { inclusionFee: { baseFee: u128(0), lenFee: u128(1), adjustedWeightFee: u128(2) } };
};

function readU128(bytes: Uint8Array, offset: number): bigint {
  let n = 0n;
  for (let i = 15; i >= 0; i--) n = (n << 8n) | BigInt(bytes[offset + i] ?? 0);
  return n;
}
