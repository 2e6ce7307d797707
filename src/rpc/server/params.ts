import { RpcError } from './RpcError.ts';

/**
 * Validators for positional params, used at the top of a handler ("validate at the edge").
 * Each throws RpcError('INVALID_PARAMS') with a message naming the param; an optional param
 * is `undefined` when absent or `null` (Substrate's `Option<T>` accepts both).
 *
 * @example
 * const key = hexParam(params, 0, { name: 'key' });
 * const at = hexParam(params, 1, { name: 'at', bytes: 32, optional: true });
 */
export type HexString = `0x${string}`;

export interface ParamOptions {
  /** Used in error messages, e.g. `param 1 (at)`. */
  readonly name?: string;
  readonly optional?: boolean;
}
type RequiredParam<O extends ParamOptions> = O & { readonly optional?: false };
type OptionalParam<O extends ParamOptions> = O & { readonly optional: true };

export interface HexParamOptions extends ParamOptions {
  /** Exact decoded length in bytes, e.g. 32 for a block hash. */
  readonly bytes?: number;
}
export interface NumberParamOptions extends ParamOptions {
  /** Inclusive upper bound (default 2^256 - 1, Substrate's `NumberOrHex` U256). */
  readonly max?: bigint;
}

const HEX_BYTES = /^0x(?:[0-9a-fA-F]{2})*$/;
const HEX_NUMBER = /^0x[0-9a-fA-F]+$/;
const U32_MAX = 0xffff_ffffn;
const U256_MAX = (1n << 256n) - 1n;

function label(i: number, opts: ParamOptions | undefined): string {
  return opts?.name === undefined ? `param ${i}` : `param ${i} (${opts.name})`;
}

function invalid(i: number, opts: ParamOptions | undefined, problem: string): RpcError {
  return new RpcError('INVALID_PARAMS', `Invalid params: ${label(i, opts)} ${problem}`);
}

/** The raw value, `undefined` for an absent/null optional param; throws for an absent required one. */
function raw(params: readonly unknown[], i: number, opts: ParamOptions | undefined): unknown {
  const value = i < params.length ? params[i] : undefined;
  if (value === undefined || value === null) {
    if (opts?.optional === true) return undefined;
    throw invalid(i, opts, 'is missing');
  }
  return value;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `string "${value.slice(0, 40)}…"` : `string "${value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** A `0x`-prefixed hex string of whole bytes, lower-cased. */
export function hexParam(params: readonly unknown[], i: number, opts?: RequiredParam<HexParamOptions>): HexString;
export function hexParam(params: readonly unknown[], i: number, opts: OptionalParam<HexParamOptions>): HexString | undefined;
export function hexParam(params: readonly unknown[], i: number, opts?: HexParamOptions): HexString | undefined {
  const value = raw(params, i, opts);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !HEX_BYTES.test(value)) {
    throw invalid(i, opts, `must be 0x-prefixed hex bytes, got ${describe(value)}`);
  }
  if (opts?.bytes !== undefined && value.length !== 2 + 2 * opts.bytes) {
    throw invalid(i, opts, `must be ${opts.bytes} bytes, got ${(value.length - 2) / 2}`);
  }
  return value.toLowerCase() as HexString;
}

/**
 * An unsigned integer given as a JSON number or a `0x` hex string (Substrate's `NumberOrHex`),
 * as a bigint. JSON numbers must be safe integers.
 */
export function numberParam(params: readonly unknown[], i: number, opts?: RequiredParam<NumberParamOptions>): bigint;
export function numberParam(params: readonly unknown[], i: number, opts: OptionalParam<NumberParamOptions>): bigint | undefined;
export function numberParam(params: readonly unknown[], i: number, opts?: NumberParamOptions): bigint | undefined {
  const value = raw(params, i, opts);
  if (value === undefined) return undefined;
  let n: bigint;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) n = BigInt(value);
  else if (typeof value === 'string' && HEX_NUMBER.test(value)) n = BigInt(value);
  else throw invalid(i, opts, `must be an unsigned integer (number or 0x hex), got ${describe(value)}`);
  const max = opts?.max ?? U256_MAX;
  if (n > max) throw invalid(i, opts, `must be at most ${max}, got ${n}`);
  return n;
}

/** A u32 (e.g. a block number), given as a JSON number or a `0x` hex string. */
export function u32Param(params: readonly unknown[], i: number, opts?: RequiredParam<ParamOptions>): number;
export function u32Param(params: readonly unknown[], i: number, opts: OptionalParam<ParamOptions>): number | undefined;
export function u32Param(params: readonly unknown[], i: number, opts?: ParamOptions): number | undefined {
  const n = opts?.optional === true
    ? numberParam(params, i, { ...opts, optional: true, max: U32_MAX })
    : numberParam(params, i, { ...opts, optional: false, max: U32_MAX });
  return n === undefined ? undefined : Number(n);
}

export function boolParam(params: readonly unknown[], i: number, opts?: RequiredParam<ParamOptions>): boolean;
export function boolParam(params: readonly unknown[], i: number, opts: OptionalParam<ParamOptions>): boolean | undefined;
export function boolParam(params: readonly unknown[], i: number, opts?: ParamOptions): boolean | undefined {
  const value = raw(params, i, opts);
  if (value === undefined || typeof value === 'boolean') return value;
  throw invalid(i, opts, `must be a boolean, got ${describe(value)}`);
}

export function stringParam(params: readonly unknown[], i: number, opts?: RequiredParam<ParamOptions>): string;
export function stringParam(params: readonly unknown[], i: number, opts: OptionalParam<ParamOptions>): string | undefined;
export function stringParam(params: readonly unknown[], i: number, opts?: ParamOptions): string | undefined {
  const value = raw(params, i, opts);
  if (value === undefined || typeof value === 'string') return value;
  throw invalid(i, opts, `must be a string, got ${describe(value)}`);
}

/** A JSON array; validate its items with the helpers above (`hexParam(list, j, …)`). */
export function arrayParam(params: readonly unknown[], i: number, opts?: RequiredParam<ParamOptions>): readonly unknown[];
export function arrayParam(params: readonly unknown[], i: number, opts: OptionalParam<ParamOptions>): readonly unknown[] | undefined;
export function arrayParam(params: readonly unknown[], i: number, opts?: ParamOptions): readonly unknown[] | undefined {
  const value = raw(params, i, opts);
  if (value === undefined || Array.isArray(value)) return value;
  throw invalid(i, opts, `must be an array, got ${describe(value)}`);
}
