import { readNodeHeader, nodeHeaderLength, writeNodeHeader, type NodeKind } from './nodeHeader.ts';
import { TrieCodecError } from './TrieCodecError.ts';

/**
 * Substrate's trie node codec (`sp_trie::NodeCodec`, no extension nodes):
 *
 *   leaf:   header ++ partial key ++ value
 *   branch: header ++ partial key ++ children bitmap (u16 LE, bit i = child i) ++ [value] ++ children
 *
 * The partial key is packed two nibbles a byte; an odd count puts the first nibble alone in the
 * low half of the first byte. An inline value is `Compact<u32>(len) ++ bytes`; a hashed value
 * (state version 1) is the 32-byte hash alone. Each child is `Compact<u32>(len) ++ merkle value`,
 * where the merkle value is the child's 32-byte hash, or its encoding when that is under 32 bytes.
 */

export const HASH_LENGTH = 32;

/** State version 1 stores values of this many bytes or more outside their node. */
export const MAX_INLINE_VALUE = 32;

/** The encoding of the empty trie. */
export const EMPTY_NODE: Uint8Array = new Uint8Array([0]);

export type NodeValue =
  | { readonly kind: 'inline'; readonly data: Uint8Array }
  | { readonly kind: 'hashed'; readonly hash: Uint8Array };

export interface DecodedNode {
  /** The partial key, one nibble per byte. */
  readonly partial: Uint8Array;
  readonly value: NodeValue | undefined;
  /**
   * `undefined` for a leaf; otherwise 16 slots holding each child's merkle value: a 32-byte
   * hash, or the child's own encoding when shorter.
   */
  readonly children: ReadonlyArray<Uint8Array | undefined> | undefined;
}

function compactLength(n: number): number {
  return n < 1 << 6 ? 1 : n < 1 << 14 ? 2 : n < 2 ** 30 ? 4 : 5;
}

function writeCompact(out: Uint8Array, at: number, n: number): number {
  if (n < 1 << 6) {
    out[at] = n << 2;
    return at + 1;
  }
  if (n < 1 << 14) {
    out[at] = ((n & 0x3f) << 2) | 0b01;
    out[at + 1] = n >> 6;
    return at + 2;
  }
  if (n < 2 ** 30) {
    const v = (n * 4 + 0b10) >>> 0;
    out[at] = v & 0xff;
    out[at + 1] = (v >>> 8) & 0xff;
    out[at + 2] = (v >>> 16) & 0xff;
    out[at + 3] = v >>> 24;
    return at + 4;
  }
  out[at] = 0b11;
  out[at + 1] = n & 0xff;
  out[at + 2] = (n >>> 8) & 0xff;
  out[at + 3] = (n >>> 16) & 0xff;
  out[at + 4] = n >>> 24;
  return at + 5;
}

/** Decodes a canonical `Compact<u32>`; returns `[value, offset after]`. */
function readCompact(data: Uint8Array, at: number): [number, number] {
  if (at >= data.length) throw new TrieCodecError('BAD_NODE', 'truncated length prefix');
  const b0 = data[at]!;
  switch (b0 & 0b11) {
    case 0b00:
      return [b0 >> 2, at + 1];
    case 0b01: {
      if (at + 2 > data.length) throw new TrieCodecError('BAD_NODE', 'truncated length prefix');
      const v = (b0 >> 2) | (data[at + 1]! << 6);
      if (v < 1 << 6) throw new TrieCodecError('BAD_NODE', 'non-canonical length prefix');
      return [v, at + 2];
    }
    case 0b10: {
      if (at + 4 > data.length) throw new TrieCodecError('BAD_NODE', 'truncated length prefix');
      const v = (b0 >> 2) + data[at + 1]! * 2 ** 6 + data[at + 2]! * 2 ** 14 + data[at + 3]! * 2 ** 22;
      if (v < 1 << 14) throw new TrieCodecError('BAD_NODE', 'non-canonical length prefix');
      return [v, at + 4];
    }
    default: {
      if (b0 !== 0b11 || at + 5 > data.length) throw new TrieCodecError('BAD_NODE', 'bad length prefix');
      const v = data[at + 1]! + data[at + 2]! * 2 ** 8 + data[at + 3]! * 2 ** 16 + data[at + 4]! * 2 ** 24;
      if (v < 2 ** 30) throw new TrieCodecError('BAD_NODE', 'non-canonical length prefix');
      return [v, at + 5];
    }
  }
}

function kindOf(value: NodeValue | undefined, isBranch: boolean): NodeKind {
  if (isBranch) {
    if (value === undefined) return 'branchNoValue';
    return value.kind === 'hashed' ? 'hashedValueBranch' : 'branchWithValue';
  }
  if (value === undefined) throw new TrieCodecError('BAD_NODE', 'a leaf must have a value');
  return value.kind === 'hashed' ? 'hashedValueLeaf' : 'leaf';
}

/**
 * Encodes one node. `children` holds the merkle value of each present child (see DecodedNode);
 * pass `undefined`, or 16 empty slots, for a leaf.
 */
export function encodeNode(
  partial: Uint8Array,
  value: NodeValue | undefined,
  children: ReadonlyArray<Uint8Array | undefined> | undefined,
): Uint8Array {
  let bitmap = 0;
  let childrenLength = 0;
  if (children !== undefined) {
    for (let i = 0; i < 16; i++) {
      const c = children[i];
      if (c !== undefined) {
        bitmap |= 1 << i;
        childrenLength += compactLength(c.length) + c.length;
      }
    }
  }
  const isBranch = bitmap !== 0;
  const kind = kindOf(value, isBranch);
  const n = partial.length;
  let valueLength = 0;
  if (value !== undefined) {
    valueLength = value.kind === 'hashed' ? HASH_LENGTH : compactLength(value.data.length) + value.data.length;
  }
  const total = nodeHeaderLength(kind, n) + ((n + 1) >> 1) + (isBranch ? 2 : 0) + valueLength + childrenLength;
  const out = new Uint8Array(total);
  let at = writeNodeHeader(out, 0, kind, n);
  let i = 0;
  if (n % 2 === 1) out[at++] = partial[i++]!;
  for (; i < n; i += 2) out[at++] = (partial[i]! << 4) | partial[i + 1]!;
  if (isBranch) {
    out[at++] = bitmap & 0xff;
    out[at++] = bitmap >> 8;
  }
  if (value !== undefined) {
    if (value.kind === 'hashed') {
      out.set(value.hash, at);
      at += HASH_LENGTH;
    } else {
      at = writeCompact(out, at, value.data.length);
      out.set(value.data, at);
      at += value.data.length;
    }
  }
  if (isBranch) {
    for (let c = 0; c < 16; c++) {
      const child = children![c];
      if (child === undefined) continue;
      at = writeCompact(out, at, child.length);
      out.set(child, at);
      at += child.length;
    }
  }
  return out;
}

function take(data: Uint8Array, at: number, length: number): Uint8Array {
  if (at + length > data.length) throw new TrieCodecError('BAD_NODE', 'node is truncated');
  return data.subarray(at, at + length);
}

/**
 * Decodes one node; `null` for the empty-trie node `0x00`. Slices share memory with `data`.
 * Throws TrieCodecError('BAD_NODE') on malformed input, including trailing bytes.
 */
export function decodeNode(data: Uint8Array): DecodedNode | null {
  const header = readNodeHeader(data, 0);
  if (header === null) {
    if (data.length !== 1) throw new TrieCodecError('BAD_NODE', 'bytes after the empty node');
    return null;
  }
  const { kind, nibbleCount } = header;
  let at = header.end;
  const packed = take(data, at, (nibbleCount + 1) >> 1);
  at += packed.length;
  const partial = new Uint8Array(nibbleCount);
  let p = 0;
  let b = 0;
  if (nibbleCount % 2 === 1) {
    if (packed[0]! >> 4 !== 0) throw new TrieCodecError('BAD_NODE', 'partial key padding is not zero');
    partial[p++] = packed[b++]! & 0x0f;
  }
  for (; p < nibbleCount; b++) {
    partial[p++] = packed[b]! >> 4;
    partial[p++] = packed[b]! & 0x0f;
  }
  const isBranch = kind === 'branchNoValue' || kind === 'branchWithValue' || kind === 'hashedValueBranch';
  let bitmap = 0;
  if (isBranch) {
    const bm = take(data, at, 2);
    at += 2;
    bitmap = bm[0]! | (bm[1]! << 8);
    if (bitmap === 0) throw new TrieCodecError('BAD_NODE', 'branch without children');
  }
  let value: NodeValue | undefined;
  if (kind === 'hashedValueLeaf' || kind === 'hashedValueBranch') {
    value = { kind: 'hashed', hash: take(data, at, HASH_LENGTH) };
    at += HASH_LENGTH;
  } else if (kind === 'leaf' || kind === 'branchWithValue') {
    const [len, after] = readCompact(data, at);
    value = { kind: 'inline', data: take(data, after, len) };
    at = after + len;
  }
  let children: Array<Uint8Array | undefined> | undefined;
  if (isBranch) {
    children = new Array<Uint8Array | undefined>(16).fill(undefined);
    for (let i = 0; i < 16; i++) {
      if ((bitmap & (1 << i)) === 0) continue;
      const [len, after] = readCompact(data, at);
      if (len > HASH_LENGTH) throw new TrieCodecError('BAD_NODE', 'child reference longer than a hash');
      children[i] = take(data, after, len);
      at = after + len;
    }
  }
  if (at !== data.length) throw new TrieCodecError('BAD_NODE', 'bytes after the node');
  return { partial, value, children };
}

/** Whether a value of this length is stored outside its node under `version`. */
export function isHashedValueLength(length: number, version: 0 | 1): boolean {
  return version === 1 && length > MAX_INLINE_VALUE;
}
