import { compactFromU8a, compactToU8a } from '@polkadot/util';

/** Small SCALE helpers for the fixed layouts we encode by hand (headers, digests, bodies). */
export function encodeCompact(value: bigint | number): Uint8Array {
  return compactToU8a(value);
}

/** Decodes a Compact<u*> at `offset`; returns the value and the bytes it took. */
export function decodeCompact(bytes: Uint8Array, offset = 0): { value: bigint; length: number } {
  if (offset >= bytes.length) throw new ScaleError('UNEXPECTED_END', 'compact integer expected');
  const [length, bn] = compactFromU8a(bytes.subarray(offset));
  if (offset + length > bytes.length) throw new ScaleError('UNEXPECTED_END', 'compact integer truncated');
  return { value: BigInt(bn.toString()), length };
}

export function encodeU32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}

export function encodeU64(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value, true);
  return out;
}

export function encodeU128(value: bigint): Uint8Array {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, value & 0xffff_ffff_ffff_ffffn, true);
  view.setBigUint64(8, value >> 64n, true);
  return out;
}

export function decodeU32(bytes: Uint8Array, offset = 0): number {
  if (offset + 4 > bytes.length) throw new ScaleError('UNEXPECTED_END', 'u32 expected');
  return new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0, true);
}

export function decodeU64(bytes: Uint8Array, offset = 0): bigint {
  if (offset + 8 > bytes.length) throw new ScaleError('UNEXPECTED_END', 'u64 expected');
  return new DataView(bytes.buffer, bytes.byteOffset + offset, 8).getBigUint64(0, true);
}

/** `Vec<u8>`: compact length then the bytes. */
export function encodeBytes(value: Uint8Array): Uint8Array {
  const prefix = encodeCompact(value.length);
  const out = new Uint8Array(prefix.length + value.length);
  out.set(prefix, 0);
  out.set(value, prefix.length);
  return out;
}

export function decodeBytes(bytes: Uint8Array, offset = 0): { value: Uint8Array; length: number } {
  const len = decodeCompact(bytes, offset);
  const start = offset + len.length;
  const end = start + Number(len.value);
  if (end > bytes.length) throw new ScaleError('UNEXPECTED_END', 'byte vector truncated');
  return { value: bytes.subarray(start, end), length: end - offset };
}

/** `Vec<T>` where each T is already encoded. */
export function encodeVec(items: readonly Uint8Array[]): Uint8Array {
  const parts = [encodeCompact(items.length), ...items];
  return Buffer.concat(parts);
}

export type ScaleErrorCode = 'UNEXPECTED_END' | 'TRAILING_BYTES' | 'INVALID_VARIANT' | 'INVALID_VALUE';

export class ScaleError extends Error {
  override readonly name = 'ScaleError';
  constructor(
    readonly code: ScaleErrorCode,
    message: string,
  ) {
    super(message);
  }
}
