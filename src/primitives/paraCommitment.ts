import { concatBytes, keccak256 } from './hashing.ts';
import { merkleProof, merkleRoot, type MerkleProof } from './binaryMerkle.ts';

/**
 * What each relay block header commits to about app chains: for every para with
 * transactions in the block (ascending para id), the ordered list of its payloads.
 *
 *   sliceRoot(para)   = merkleRoot([keccak256(payload_0), keccak256(payload_1), …])
 *   paraLeaf(para)    = uint32BE(paraId) ‖ sliceRoot ‖ uint32BE(count)          (40 bytes)
 *   paraRoot(block)   = merkleRoot([paraLeaf(p) for p in paras, ascending id])
 *
 * The header carries paraRoot in a `Consensus` digest item with engine id `spdl`
 * (see PARA_DIGEST_ENGINE). Ethereum verifies with keccak256 only.
 */
export const PARA_DIGEST_ENGINE = 'spdl';

export interface ParaSlice {
  readonly paraId: number;
  /** The para's payloads in relay order. */
  readonly payloads: readonly Uint8Array[];
}

export function sliceRoot(payloads: readonly Uint8Array[]): Uint8Array {
  return merkleRoot(payloads.map((p) => keccak256(p)));
}

export function paraLeaf(paraId: number, root: Uint8Array, count: number): Uint8Array {
  const head = new Uint8Array(4);
  new DataView(head.buffer).setUint32(0, paraId, false);
  const tail = new Uint8Array(4);
  new DataView(tail.buffer).setUint32(0, count, false);
  return concatBytes(head, root, tail);
}

/** Slices sorted by para id, empty paras omitted. */
export function normalizeSlices(slices: readonly ParaSlice[]): ParaSlice[] {
  return slices.filter((s) => s.payloads.length > 0).sort((a, b) => a.paraId - b.paraId);
}

export function paraRoot(slices: readonly ParaSlice[]): Uint8Array {
  return merkleRoot(normalizeSlices(slices).map((s) => paraLeaf(s.paraId, sliceRoot(s.payloads), s.payloads.length)));
}

export interface ParaSliceProof {
  readonly paraId: number;
  readonly sliceRoot: Uint8Array;
  readonly count: number;
  /** Proof of the para's leaf in the block's para tree. */
  readonly proof: MerkleProof;
}

/** Proves one para's slice against the block's para root; undefined if the para has nothing in the block. */
export function proveParaSlice(slices: readonly ParaSlice[], paraId: number): ParaSliceProof | undefined {
  const sorted = normalizeSlices(slices);
  const index = sorted.findIndex((s) => s.paraId === paraId);
  if (index < 0) return undefined;
  const leaves = sorted.map((s) => paraLeaf(s.paraId, sliceRoot(s.payloads), s.payloads.length));
  const slice = sorted[index]!;
  return { paraId, sliceRoot: sliceRoot(slice.payloads), count: slice.payloads.length, proof: merkleProof(leaves, index) };
}
