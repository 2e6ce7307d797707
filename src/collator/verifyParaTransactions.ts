import { EMPTY_MERKLE_ROOT, merkleRoot, merkleRootFromProof } from '../primitives/binaryMerkle.ts';
import { paraLeaf, PARA_DIGEST_ENGINE, sliceRoot } from '../primitives/paraCommitment.ts';
import type { ParaTransactionsJson } from '../rpc/methods/paraTransactionsJson.ts';
import { headerFromJson } from './headerFromJson.ts';
import type { OrderedSlice } from './ParaTransaction.ts';
import { RelayFollowerError, type InvalidSliceReason } from './RelayFollowerError.ts';

export interface SliceExpectation {
  readonly paraId: number;
  /** Hash of the previous relay block when known: the slice's block must be its child. */
  readonly parentHash?: Uint8Array;
}

const HASH = /^0x[0-9a-fA-F]{64}$/;
const HEX = /^0x(?:[0-9a-fA-F]{2})*$/;
const PARA_LEAF_BYTES = 40;

const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
const isHexList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string' && HEX.test(x));
const isU32 = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffff_ffff;

/**
 * Checks one `spindle_paraTransactions` result against the relay header of its block (as
 * `chain_getHeader` returned it) and returns the verified slice. Checks, in order: the wire
 * shape; the para; that the header hashes to `blockHash` and has `blockNumber`; that it is the
 * child of `parentHash` when given; that `paraRoot` is the header's `spdl` digest (32 zero bytes
 * when absent); that the payloads hash to `sliceRoot`; and then either the para leaf's Merkle
 * proof against `paraRoot`, or — for an empty slice — that the absence proof's leaves hash to
 * `paraRoot` and none of them is this para's (so a relay cannot hide a para's transactions).
 *
 * Throws {@link RelayFollowerError} `INVALID_SLICE` with the failed check as `reason`.
 *
 * @example
 * const slice = verifyParaTransactions(notification, await client.call('chain_getHeader', [notification.blockHash]), { paraId: 100 });
 */
export function verifyParaTransactions(json: unknown, headerJson: unknown, expect: SliceExpectation): OrderedSlice {
  const r = json as Partial<ParaTransactionsJson> | null;
  const fail = (reason: InvalidSliceReason, detail: string): never => {
    const n = r !== null && typeof r === 'object' && isU32(r.blockNumber) ? BigInt(r.blockNumber) : undefined;
    throw new RelayFollowerError('INVALID_SLICE', `invalid slice of para ${expect.paraId}${n === undefined ? '' : ` at relay block #${n}`}: ${detail}`, {
      reason,
      paraId: expect.paraId,
      ...(n === undefined ? {} : { relayBlockNumber: n }),
    });
  };
  if (typeof r !== 'object' || r === null) return fail('MALFORMED', 'not an object');
  const proof = r.proof;
  if (
    !isU32(r.paraId) || !isU32(r.blockNumber) ||
    typeof r.blockHash !== 'string' || !HASH.test(r.blockHash) ||
    typeof r.paraRoot !== 'string' || !HASH.test(r.paraRoot) ||
    typeof r.sliceRoot !== 'string' || !HASH.test(r.sliceRoot) ||
    !isHexList(r.payloads) ||
    !(proof === null || (typeof proof === 'object' && isU32(proof?.leafIndex) && isU32(proof?.leafCount) && isHexList(proof?.siblings) && proof.siblings.every((s) => HASH.test(s)))) ||
    !(r.absence === null || (typeof r.absence === 'object' && isHexList(r.absence?.leaves)))
  ) {
    return fail('MALFORMED', 'not a spindle_paraTransactions result');
  }
  if (r.paraId !== expect.paraId) fail('WRONG_PARA', `slice is for para ${r.paraId}`);

  const parsed = headerFromJson(headerJson);
  if (parsed === undefined) return fail(headerJson === null ? 'UNKNOWN_HEADER' : 'MALFORMED', headerJson === null ? 'the relay does not know the block header' : 'header is not a header');
  const blockHash = bytes(r.blockHash);
  if (!same(parsed.hash, blockHash) || parsed.header.number !== BigInt(r.blockNumber)) {
    fail('HEADER_MISMATCH', `header #${parsed.header.number} 0x${Buffer.from(parsed.hash).toString('hex')} is not block #${r.blockNumber} ${r.blockHash}`);
  }
  if (expect.parentHash !== undefined && !same(parsed.header.parentHash, expect.parentHash)) {
    fail('NOT_CHILD', `block's parent is not 0x${Buffer.from(expect.parentHash).toString('hex')}`);
  }
  const digest = parsed.header.digest.find((d) => d.type === 'Consensus' && d.engine === PARA_DIGEST_ENGINE);
  const committed = digest !== undefined && digest.type === 'Consensus' ? digest.data : EMPTY_MERKLE_ROOT;
  const root = bytes(r.paraRoot);
  if (!same(root, committed)) fail('PARA_ROOT_MISMATCH', `paraRoot ${r.paraRoot} is not the header's 0x${Buffer.from(committed).toString('hex')}`);

  const payloads = r.payloads.map(bytes);
  const computed = sliceRoot(payloads);
  if (!same(computed, bytes(r.sliceRoot))) fail('SLICE_ROOT_MISMATCH', 'payloads do not hash to sliceRoot');

  if (payloads.length > 0) {
    if (proof === null || proof === undefined) return fail('BAD_PROOF', 'a non-empty slice without a proof');
    const leaf = paraLeaf(r.paraId, computed, payloads.length);
    if (!same(merkleRootFromProof(leaf, { leafIndex: proof.leafIndex, leafCount: proof.leafCount, siblings: proof.siblings.map(bytes) }), root)) {
      fail('BAD_PROOF', 'the para leaf does not prove to paraRoot');
    }
  } else {
    const leaves = r.absence?.leaves.map(bytes);
    if (leaves === undefined) return fail('BAD_ABSENCE_PROOF', 'an empty slice without an absence proof');
    if (leaves.some((l) => l.length !== PARA_LEAF_BYTES)) fail('BAD_ABSENCE_PROOF', 'a para leaf is not 40 bytes');
    if (!same(merkleRoot(leaves), root)) fail('BAD_ABSENCE_PROOF', 'the para leaves do not hash to paraRoot');
    if (leaves.some((l) => new DataView(l.buffer, l.byteOffset, 4).getUint32(0) === r.paraId)) fail('BAD_ABSENCE_PROOF', 'the block has a leaf for this para');
  }
  return { paraId: r.paraId, relayBlockNumber: BigInt(r.blockNumber), relayBlockHash: blockHash, payloads };
}
