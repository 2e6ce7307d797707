import { BaseError, decodeErrorResult, type Abi, type Hex } from 'viem';

/** A custom error of the anchor contract, decoded from a failed call, estimate or send. */
export interface AnchorRevert {
  readonly errorName: string;
  readonly args: readonly unknown[];
}

/**
 * Finds the revert data in a viem error (the JSON-RPC error's `data`) and decodes it with the
 * contract's ABI; undefined when the error carries no revert data or it is not in the ABI.
 */
export function decodeAnchorRevert(error: unknown, abi: Abi): AnchorRevert | undefined {
  if (!(error instanceof BaseError)) return undefined;
  let data: Hex | undefined;
  error.walk((e) => {
    const candidate = (e as { data?: unknown }).data;
    if (typeof candidate === 'string' && /^0x[0-9a-fA-F]{8,}$/.test(candidate)) {
      data = candidate as Hex;
      return true;
    }
    return false;
  });
  if (data === undefined) return undefined;
  try {
    const decoded = decodeErrorResult({ abi, data });
    return { errorName: decoded.errorName, args: decoded.args ?? [] };
  } catch {
    return undefined;
  }
}
