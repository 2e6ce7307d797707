/**
 * Nibble helpers. Keys are walked as base-16 digits, high nibble of each byte first, so the order
 * of nibble paths is the lexicographic order of the byte keys.
 */

export function bytesToNibbles(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    out[2 * i] = b >> 4;
    out[2 * i + 1] = b & 0x0f;
  }
  return out;
}

/** Packs an even number of nibbles (given as a plain array or bytes) back into bytes. */
export function nibblesToBytes(nibbles: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(nibbles.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = (nibbles[2 * i]! << 4) | nibbles[2 * i + 1]!;
  return out;
}

/** Length of the common prefix of `a[aFrom..]` and `b[bFrom..]`. */
export function commonPrefixLength(a: Uint8Array, aFrom: number, b: Uint8Array, bFrom: number): number {
  const max = Math.min(a.length - aFrom, b.length - bFrom);
  let i = 0;
  while (i < max && a[aFrom + i] === b[bFrom + i]) i++;
  return i;
}

/** True when `whole[from..]` starts with all of `part`. */
export function startsWithAt(whole: Uint8Array, from: number, part: Uint8Array): boolean {
  if (whole.length - from < part.length) return false;
  for (let i = 0; i < part.length; i++) if (whole[from + i] !== part[i]) return false;
  return true;
}

/** `a ++ [nibble] ++ b`, used when a branch with one child merges into it. */
export function joinNibbles(a: Uint8Array, nibble: number, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + 1 + b.length);
  out.set(a, 0);
  out[a.length] = nibble;
  out.set(b, a.length + 1);
  return out;
}

/** Lexicographic comparison of byte strings: negative, zero or positive. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
