import { TrieCodecError } from './TrieCodecError.ts';

/**
 * The first bytes of a Substrate trie node: the node kind in the high bits of the first byte and
 * the partial key's nibble count in the remaining bits, continued in extra bytes when it does not fit.
 *
 * | kind                | prefix bits | bits left for the count |
 * |---------------------|-------------|-------------------------|
 * | leaf                | `01`        | 6                       |
 * | branch, no value    | `10`        | 6                       |
 * | branch with value   | `11`        | 6                       |
 * | leaf, hashed value  | `001`       | 5                       |
 * | branch, hashed value| `0001`      | 4                       |
 *
 * `0x00` alone is the empty trie. A count that does not fit is written as the all-ones field
 * (worth `max - 1`), then bytes of 255 while more than 255 remain, then the rest minus one.
 */
export type NodeKind = 'leaf' | 'branchNoValue' | 'branchWithValue' | 'hashedValueLeaf' | 'hashedValueBranch';

/** The largest partial key the header may carry (Substrate's `NIBBLE_SIZE_BOUND`). */
export const MAX_PARTIAL_NIBBLES = 0xffff;

const LAYOUT: Record<NodeKind, { readonly prefix: number; readonly prefixBits: number }> = {
  leaf: { prefix: 0b01 << 6, prefixBits: 2 },
  branchNoValue: { prefix: 0b10 << 6, prefixBits: 2 },
  branchWithValue: { prefix: 0b11 << 6, prefixBits: 2 },
  hashedValueLeaf: { prefix: 0b001 << 5, prefixBits: 3 },
  hashedValueBranch: { prefix: 0b0001 << 4, prefixBits: 4 },
};

/** Number of bytes `writeNodeHeader` will write. */
export function nodeHeaderLength(kind: NodeKind, nibbleCount: number): number {
  const max = 0xff >> LAYOUT[kind].prefixBits;
  if (nibbleCount < max) return 1;
  let rem = nibbleCount - (max - 1);
  let n = 1;
  while (rem >= 256) {
    rem -= 255;
    n++;
  }
  return n + 1;
}

/** Writes the header at `offset`, returns the offset after it. */
export function writeNodeHeader(out: Uint8Array, offset: number, kind: NodeKind, nibbleCount: number): number {
  if (nibbleCount > MAX_PARTIAL_NIBBLES) {
    throw new TrieCodecError('KEY_TOO_LONG', `partial key of ${nibbleCount} nibbles exceeds ${MAX_PARTIAL_NIBBLES}`);
  }
  const { prefix, prefixBits } = LAYOUT[kind];
  const max = 0xff >> prefixBits;
  if (nibbleCount < max) {
    out[offset++] = prefix | nibbleCount;
    return offset;
  }
  out[offset++] = prefix | max;
  let rem = nibbleCount - (max - 1);
  while (rem >= 256) {
    out[offset++] = 255;
    rem -= 255;
  }
  out[offset++] = rem - 1;
  return offset;
}

export interface DecodedNodeHeader {
  readonly kind: NodeKind;
  readonly nibbleCount: number;
  /** Offset of the first byte after the header. */
  readonly end: number;
}

/** Decodes the header at `offset`; returns `null` for the empty-trie byte `0x00`. */
export function readNodeHeader(data: Uint8Array, offset: number): DecodedNodeHeader | null {
  if (offset >= data.length) throw new TrieCodecError('BAD_NODE', 'node is empty');
  const first = data[offset]!;
  if (first === 0) return null;
  let kind: NodeKind;
  switch (first >> 6) {
    case 0b01:
      kind = 'leaf';
      break;
    case 0b10:
      kind = 'branchNoValue';
      break;
    case 0b11:
      kind = 'branchWithValue';
      break;
    default:
      if (first >> 5 === 0b001) kind = 'hashedValueLeaf';
      else if (first >> 4 === 0b0001) kind = 'hashedValueBranch';
      else throw new TrieCodecError('BAD_NODE', `unknown node header 0x${first.toString(16).padStart(2, '0')}`);
  }
  const max = 0xff >> LAYOUT[kind].prefixBits;
  let count = first & max;
  let at = offset + 1;
  if (count === max) {
    count -= 1;
    for (;;) {
      if (at >= data.length) throw new TrieCodecError('BAD_NODE', 'node header is truncated');
      const b = data[at++]!;
      if (b < 255) {
        count += b + 1;
        break;
      }
      count += 255;
      if (count > MAX_PARTIAL_NIBBLES) break;
    }
    if (count > MAX_PARTIAL_NIBBLES) throw new TrieCodecError('BAD_NODE', 'partial key length exceeds the bound');
  }
  return { kind, nibbleCount: count, end: at };
}
