/** EIP-1559 fee caps of a transaction. */
export interface Eip1559Fees {
  readonly maxFeePerGas: bigint;
  readonly maxPriorityFeePerGas: bigint;
}

/**
 * Fees for a same-nonce replacement: each cap is at least `percent` % above the previous
 * transaction's (nodes refuse a replacement bumped by less than 10 %, rounded up here) and at
 * least the current market `current`. With `previous` unknown (a transaction left by an
 * earlier run) the market is bumped instead. The priority fee never exceeds the max fee.
 */
export function bumpFees(previous: Eip1559Fees | undefined, current: Eip1559Fees, percent: number): Eip1559Fees {
  const factor = BigInt(Math.max(0, Math.ceil(percent)));
  const bump = (x: bigint): bigint => x + (x * factor + 99n) / 100n;
  const base = previous ?? current;
  const maxFeePerGas = max(bump(base.maxFeePerGas), current.maxFeePerGas);
  const maxPriorityFeePerGas = max(bump(base.maxPriorityFeePerGas), current.maxPriorityFeePerGas);
  return { maxFeePerGas, maxPriorityFeePerGas: maxPriorityFeePerGas > maxFeePerGas ? maxFeePerGas : maxPriorityFeePerGas };
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
