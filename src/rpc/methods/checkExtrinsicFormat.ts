import { decodeCompact } from '../../primitives/scale.ts';
import { RpcMethodError } from './RpcMethodError.ts';

/**
 * Checks that `tx` is one length-prefixed extrinsic (`UncheckedExtrinsic` as Substrate's RPC
 * decodes it before handing it on); the content itself is the pool's or the runtime's to judge.
 * Throws RpcMethodError BAD_FORMAT.
 *
 * @example
 * checkExtrinsicFormat(hexToU8a('0x0c010203')) // ok: 3 bytes announced, 3 given
 * checkExtrinsicFormat(hexToU8a('0x1001'))     // throws: 4 bytes announced, 1 given
 */
export function checkExtrinsicFormat(tx: Uint8Array): void {
  let prefix: { value: bigint; length: number };
  try {
    prefix = decodeCompact(tx, 0);
  } catch {
    throw new RpcMethodError({ code: 'BAD_FORMAT', detail: 'Could not decode the extrinsic length prefix' });
  }
  const given = tx.length - prefix.length;
  if (prefix.value !== BigInt(given)) {
    throw new RpcMethodError({ code: 'BAD_FORMAT', detail: `the length prefix announces ${prefix.value} bytes but ${given} follow it` });
  }
}
