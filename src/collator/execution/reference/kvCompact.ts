import { KvTransactionError } from './KvTransactionError.ts';

/**
 * SCALE compact encoding of lengths, restricted to the single-, two- and four-byte modes
 * (values below 2^30; the big-integer mode is never needed for bounded lengths and is
 * rejected). Written by hand because the generic @polkadot/util codec goes through BN.
 */
export function compactLengthSize(value: number): number {
  return value < 1 << 6 ? 1 : value < 1 << 14 ? 2 : 4;
}

/** Writes `value` (0 ≤ value < 2^30) at `offset`; returns the offset after it. */
export function writeCompactLength(out: Uint8Array, offset: number, value: number): number {
  if (value < 1 << 6) {
    out[offset] = value << 2;
    return offset + 1;
  }
  if (value < 1 << 14) {
    const v = (value << 2) | 0b01;
    out[offset] = v & 0xff;
    out[offset + 1] = v >>> 8;
    return offset + 2;
  }
  const v = ((value << 2) | 0b10) >>> 0;
  out[offset] = v & 0xff;
  out[offset + 1] = (v >>> 8) & 0xff;
  out[offset + 2] = (v >>> 16) & 0xff;
  out[offset + 3] = v >>> 24;
  return offset + 4;
}

/**
 * Reads a compact length at `offset`; throws KvTransactionError TRUNCATED, NON_CANONICAL (not
 * the shortest form) or LIMIT_EXCEEDED (big-integer mode).
 */
export function readCompactLength(bytes: Uint8Array, offset: number): { readonly value: number; readonly next: number } {
  if (offset >= bytes.length) throw new KvTransactionError('TRUNCATED', 'compact length expected', offset);
  const first = bytes[offset]!;
  switch (first & 0b11) {
    case 0b00:
      return { value: first >>> 2, next: offset + 1 };
    case 0b01: {
      if (offset + 2 > bytes.length) throw new KvTransactionError('TRUNCATED', 'two-byte compact length truncated', offset);
      const value = (first | (bytes[offset + 1]! << 8)) >>> 2;
      if (value < 1 << 6) throw new KvTransactionError('NON_CANONICAL', `compact ${value} in two bytes`, offset);
      return { value, next: offset + 2 };
    }
    case 0b10: {
      if (offset + 4 > bytes.length) throw new KvTransactionError('TRUNCATED', 'four-byte compact length truncated', offset);
      const raw = (first | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0;
      const value = raw >>> 2;
      if (value < 1 << 14) throw new KvTransactionError('NON_CANONICAL', `compact ${value} in four bytes`, offset);
      return { value, next: offset + 4 };
    }
    default:
      throw new KvTransactionError('LIMIT_EXCEEDED', 'big-integer compact length', offset);
  }
}
