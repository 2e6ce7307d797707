import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { decodeNode, encodeNode, type NodeValue } from './nodeCodec.ts';
import { nodeHeaderLength, readNodeHeader, writeNodeHeader, type NodeKind } from './nodeHeader.ts';
import { TrieCodecError } from './TrieCodecError.ts';

const KINDS: readonly NodeKind[] = ['leaf', 'branchNoValue', 'branchWithValue', 'hashedValueLeaf', 'hashedValueBranch'];

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof TrieCodecError) return e.code;
    throw e;
  }
  return undefined;
}

describe('nodeHeader', () => {
  const table: Array<{ kind: NodeKind; count: number; hex: string }> = [
    { kind: 'leaf', count: 0, hex: '0x40' },
    { kind: 'leaf', count: 62, hex: '0x7e' },
    { kind: 'leaf', count: 63, hex: '0x7f00' },
    { kind: 'leaf', count: 64, hex: '0x7f01' },
    { kind: 'leaf', count: 62 + 255, hex: '0x7ffe' },
    { kind: 'leaf', count: 62 + 256, hex: '0x7fff00' },
    { kind: 'branchNoValue', count: 1, hex: '0x81' },
    { kind: 'branchWithValue', count: 2, hex: '0xc2' },
    { kind: 'hashedValueLeaf', count: 30, hex: '0x3e' },
    { kind: 'hashedValueLeaf', count: 31, hex: '0x3f00' },
    { kind: 'hashedValueBranch', count: 14, hex: '0x1e' },
    { kind: 'hashedValueBranch', count: 15, hex: '0x1f00' },
  ];
  for (const { kind, count, hex } of table) {
    it(`behavior: ${kind} with ${count} nibbles encodes as ${hex}`, () => {
      const out = new Uint8Array(nodeHeaderLength(kind, count));
      assert.equal(writeNodeHeader(out, 0, kind, count), out.length);
      assert.equal(u8aToHex(out), hex);
      assert.deepEqual(readNodeHeader(out, 0), { kind, nibbleCount: count, end: out.length });
    });
  }

  it('behavior: every kind round-trips every count up to 1000 and the 65535 bound', () => {
    for (const kind of KINDS) {
      for (const count of [...Array.from({ length: 1001 }, (_, i) => i), 65535]) {
        const out = new Uint8Array(nodeHeaderLength(kind, count));
        writeNodeHeader(out, 0, kind, count);
        assert.deepEqual(readNodeHeader(out, 0), { kind, nibbleCount: count, end: out.length });
      }
    }
  });

  it('error: a partial key over 65535 nibbles is KEY_TOO_LONG', () => {
    assert.equal(codeOf(() => writeNodeHeader(new Uint8Array(400), 0, 'leaf', 65536)), 'KEY_TOO_LONG');
  });
});

describe('nodeCodec', () => {
  it('behavior: encodes a leaf and a branch with value the way Substrate does', () => {
    // key 0x0102 => 40 bytes of 0xab, under a branch at 0x01 holding 0x02 (LayoutV0).
    const leaf = encodeNode(new Uint8Array([2]), { kind: 'inline', data: new Uint8Array(40).fill(0xab) }, undefined);
    assert.equal(u8aToHex(leaf), '0x4102a0' + 'ab'.repeat(40));
    const children = new Array<Uint8Array | undefined>(16).fill(undefined);
    children[0] = hexToU8a('0x9bd82a827b63db7078f64afc6180a779073d6e1d02cbdc025dc0a75fe8c99b50');
    const branch = encodeNode(new Uint8Array([0, 1]), { kind: 'inline', data: new Uint8Array([2]) }, children);
    assert.equal(u8aToHex(branch), '0xc20101000402809bd82a827b63db7078f64afc6180a779073d6e1d02cbdc025dc0a75fe8c99b50');
  });

  it('behavior: decode inverts encode for leaves and branches of every value kind', () => {
    const values: Array<NodeValue | undefined> = [
      undefined,
      { kind: 'inline', data: new Uint8Array(0) },
      { kind: 'inline', data: new Uint8Array(70).fill(7) },
      { kind: 'hashed', hash: new Uint8Array(32).fill(9) },
    ];
    for (const partial of [new Uint8Array(0), new Uint8Array([5]), new Uint8Array([1, 2, 3, 4]), new Uint8Array(201).fill(15)]) {
      for (const value of values) {
        for (const childCount of [0, 1, 16]) {
          if (value === undefined && childCount < 2) continue;
          const children = new Array<Uint8Array | undefined>(16).fill(undefined);
          for (let i = 0; i < childCount; i++) children[(i * 7) % 16] = i % 2 ? new Uint8Array(32).fill(i) : new Uint8Array([0x40 + i % 3, 4, i]);
          const encoded = encodeNode(partial, value, childCount ? children : undefined);
          const decoded = decodeNode(encoded)!;
          assert.deepEqual(decoded.partial, partial);
          assert.deepEqual(decoded.value, value);
          assert.deepEqual(decoded.children, childCount ? children : undefined);
        }
      }
    }
  });

  it('behavior: 0x00 is the empty node', () => {
    assert.equal(decodeNode(new Uint8Array([0])), null);
  });

  const bad: Array<{ why: string; hex: string }> = [
    { why: 'nothing', hex: '0x' },
    { why: 'reserved header 0b0000_1xxx', hex: '0x08' },
    { why: 'trailing bytes', hex: '0x410204aa00' },
    { why: 'non-zero padding nibble', hex: '0x411204aa' },
    { why: 'truncated value', hex: '0x410208aa' },
    { why: 'branch without children', hex: '0x80000000' },
    { why: 'truncated child', hex: '0x8001000080aa' },
    { why: 'truncated hashed value', hex: '0x2102aabb' },
    { why: 'bytes after the empty node', hex: '0x0000' },
    { why: 'a leaf with no value is not representable', hex: '0x40' },
  ];
  for (const { why, hex } of bad) {
    it(`error: ${why} is BAD_NODE`, () => {
      assert.equal(codeOf(() => decodeNode(hexToU8a(hex))), 'BAD_NODE');
    });
  }

  it('error: a leaf without value cannot be encoded', () => {
    assert.equal(codeOf(() => encodeNode(new Uint8Array([1]), undefined, undefined)), 'BAD_NODE');
  });
});
