import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { u8aToHex } from '@polkadot/util';
import { initHashing, keccak256 } from '../primitives/hashing.ts';
import { hashHeader, headerToJson, type Header } from '../primitives/header.ts';
import { merkleRoot } from '../primitives/binaryMerkle.ts';
import { paraLeaf, paraRoot, PARA_DIGEST_ENGINE, sliceRoot, type ParaSlice } from '../primitives/paraCommitment.ts';
import { paraTransactionsJson, type ParaTransactionsJson } from '../rpc/methods/paraTransactionsJson.ts';
import { headerFromJson } from './headerFromJson.ts';
import { RelayFollowerError, type InvalidSliceReason } from './RelayFollowerError.ts';
import { verifyParaTransactions } from './verifyParaTransactions.ts';

const b = (...xs: number[]): Uint8Array => Uint8Array.from(xs);
const SLICES: ParaSlice[] = [
  { paraId: 100, payloads: [b(0xaa), b(0xbb, 0xbb), b(0xcc)] },
  { paraId: 200, payloads: [b(1)] },
  { paraId: 300, payloads: [b(2), b(3)] },
];
const PARENT = new Uint8Array(32).fill(9);

function block(slices: readonly ParaSlice[], withDigest = true): { header: Header; hash: Uint8Array; json: (paraId: number) => ParaTransactionsJson } {
  const root = paraRoot(slices);
  const header: Header = {
    parentHash: PARENT,
    number: 42n,
    stateRoot: new Uint8Array(32).fill(1),
    extrinsicsRoot: new Uint8Array(32).fill(2),
    digest: [{ type: 'PreRuntime', engine: 'aura', data: b(7, 7) }, ...(withDigest ? [{ type: 'Consensus' as const, engine: PARA_DIGEST_ENGINE, data: root }] : [])],
  };
  const hash = hashHeader(header);
  return { header, hash, json: (paraId) => paraTransactionsJson({ hash, number: 42n, paraRoot: root, slices }, paraId) };
}

const hexOf = (bytes: Uint8Array): `0x${string}` => u8aToHex(bytes) as `0x${string}`;

describe('verifyParaTransactions', () => {
  before(() => initHashing());

  test('behavior: a genuine slice verifies and comes back as an OrderedSlice', () => {
    const blk = block(SLICES);
    for (const s of SLICES) {
      const slice = verifyParaTransactions(blk.json(s.paraId), headerToJson(blk.header), { paraId: s.paraId, parentHash: PARENT });
      assert.deepEqual(slice, { paraId: s.paraId, relayBlockNumber: 42n, relayBlockHash: blk.hash, payloads: s.payloads });
    }
  });

  test('behavior: an empty slice verifies through its absence proof, also in a block without paras or without the digest', () => {
    for (const blk of [block(SLICES), block([]), block([], false)]) {
      const slice = verifyParaTransactions(blk.json(150), headerToJson(blk.header), { paraId: 150 });
      assert.deepEqual(slice.payloads, []);
    }
  });

  const tampered: { desc: string; paraId?: number; change: (j: ParaTransactionsJson, blk: ReturnType<typeof block>) => unknown; header?: (h: Header) => unknown; parent?: Uint8Array; reason: InvalidSliceReason }[] = [
    { desc: 'a payload byte changed', change: (j) => ({ ...j, payloads: ['0xab', ...j.payloads.slice(1)] }), reason: 'SLICE_ROOT_MISMATCH' },
    {
      desc: 'a payload changed, sliceRoot recomputed',
      change: (j) => ({ ...j, payloads: ['0xab', ...j.payloads.slice(1)], sliceRoot: hexOf(sliceRoot([b(0xab), b(0xbb, 0xbb), b(0xcc)])) }),
      reason: 'BAD_PROOF',
    },
    { desc: 'payloads reordered, sliceRoot recomputed', change: (j) => ({ ...j, payloads: [j.payloads[1], j.payloads[0], j.payloads[2]], sliceRoot: hexOf(sliceRoot([b(0xbb, 0xbb), b(0xaa), b(0xcc)])) }), reason: 'BAD_PROOF' },
    { desc: 'a payload dropped, sliceRoot recomputed', change: (j) => ({ ...j, payloads: j.payloads.slice(0, 2), sliceRoot: hexOf(sliceRoot([b(0xaa), b(0xbb, 0xbb)])) }), reason: 'BAD_PROOF' },
    { desc: 'a proof sibling changed', change: (j) => ({ ...j, proof: { ...j.proof!, siblings: [hexOf(new Uint8Array(32)), ...j.proof!.siblings.slice(1)] } }), reason: 'BAD_PROOF' },
    { desc: 'the proof left out', change: (j) => ({ ...j, proof: null }), reason: 'BAD_PROOF' },
    { desc: 'paraRoot not the digest', change: (j) => ({ ...j, paraRoot: hexOf(new Uint8Array(32).fill(5)) }), reason: 'PARA_ROOT_MISMATCH' },
    {
      desc: 'the slice hidden: empty, with every leaf as absence proof',
      change: (j, blk) => ({ ...blk.json(150), paraId: 100, blockHash: j.blockHash }),
      reason: 'BAD_ABSENCE_PROOF',
    },
    {
      desc: 'the slice hidden: empty, its leaf left out of the absence proof',
      change: (j, blk) => ({ ...blk.json(150), paraId: 100, absence: { leaves: blk.json(150).absence!.leaves.slice(1) } }),
      reason: 'BAD_ABSENCE_PROOF',
    },
    { desc: 'an empty slice without absence proof', paraId: 150, change: (j) => ({ ...j, absence: null }), reason: 'BAD_ABSENCE_PROOF' },
    { desc: 'another block hash', change: (j) => ({ ...j, blockHash: hexOf(new Uint8Array(32).fill(3)) }), reason: 'HEADER_MISMATCH' },
    { desc: 'another block number', change: (j) => ({ ...j, blockNumber: 43 }), reason: 'HEADER_MISMATCH' },
    { desc: 'a header with another digest', change: (j) => j, header: (h) => headerToJson({ ...h, digest: h.digest.slice(1) }), reason: 'HEADER_MISMATCH' },
    { desc: 'a block that is not the child of the previous one', change: (j) => j, parent: new Uint8Array(32), reason: 'NOT_CHILD' },
    { desc: 'no header', change: (j) => j, header: () => null, reason: 'UNKNOWN_HEADER' },
    { desc: 'another para', change: (j, blk) => blk.json(200), reason: 'WRONG_PARA' },
    { desc: 'payloads missing', change: (j) => ({ ...j, payloads: undefined }), reason: 'MALFORMED' },
    { desc: 'a payload not hex', change: (j) => ({ ...j, payloads: ['aa'] }), reason: 'MALFORMED' },
    { desc: 'not an object', change: () => 'hello', reason: 'MALFORMED' },
  ];
  for (const c of tampered) {
    test(`error: rejects ${c.desc} (${c.reason})`, () => {
      const blk = block(SLICES);
      const paraId = c.paraId ?? 100;
      const json = c.change(blk.json(paraId), blk);
      const header = c.header === undefined ? headerToJson(blk.header) : c.header(blk.header);
      assert.throws(
        () => verifyParaTransactions(json, header, { paraId, parentHash: c.parent ?? PARENT }),
        (e: unknown) => e instanceof RelayFollowerError && e.code === 'INVALID_SLICE' && e.data.reason === c.reason && e.data.paraId === paraId,
      );
    });
  }

  test('behavior: the absence leaves are the block para tree leaves', () => {
    const leaves = block(SLICES).json(150).absence!.leaves;
    assert.deepEqual(leaves, SLICES.map((s) => hexOf(paraLeaf(s.paraId, merkleRoot(s.payloads.map(keccak256)), s.payloads.length))));
  });

  test('behavior: headerFromJson re-encodes chain_getHeader JSON to the block hash; rejects what is not a header', () => {
    const blk = block(SLICES);
    const parsed = headerFromJson(headerToJson(blk.header))!;
    assert.deepEqual(parsed.hash, blk.hash);
    assert.deepEqual(parsed.header, blk.header);
    for (const bad of [null, 1, {}, { ...headerToJson(blk.header), number: '42' }, { ...headerToJson(blk.header), digest: { logs: ['0x99'] } }]) {
      assert.equal(headerFromJson(bad), undefined, JSON.stringify(bad));
    }
  });
});
