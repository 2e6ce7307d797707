import { concatBytes } from './hashing.ts';
import { decodeCompact, encodeCompact, ScaleError } from './scale.ts';

/**
 * A block body: `Vec<UncheckedExtrinsic>` where each extrinsic is itself
 * length-prefixed (the bytes `author_submitExtrinsic` receives).
 */
export function encodeBody(extrinsics: readonly Uint8Array[]): Uint8Array {
  return concatBytes(encodeCompact(extrinsics.length), ...extrinsics);
}

export function decodeBody(bytes: Uint8Array): Uint8Array[] {
  const count = decodeCompact(bytes, 0);
  let at = count.length;
  const out: Uint8Array[] = [];
  for (let i = 0n; i < count.value; i++) {
    const len = decodeCompact(bytes, at);
    const end = at + len.length + Number(len.value);
    if (end > bytes.length) throw new ScaleError('UNEXPECTED_END', `extrinsic ${i} truncated`);
    out.push(bytes.slice(at, end));
    at = end;
  }
  if (at !== bytes.length) throw new ScaleError('TRAILING_BYTES', 'block body has trailing bytes');
  return out;
}

/** Strips the compact length prefix of an encoded extrinsic, checking it matches. */
export function extrinsicContent(extrinsic: Uint8Array): Uint8Array {
  const len = decodeCompact(extrinsic, 0);
  if (len.length + Number(len.value) !== extrinsic.length) {
    throw new ScaleError('INVALID_VALUE', 'extrinsic length prefix does not match its size');
  }
  return extrinsic.subarray(len.length);
}
