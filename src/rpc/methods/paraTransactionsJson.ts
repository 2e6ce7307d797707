import { paraLeaf, proveParaSlice, sliceRoot } from '../../primitives/paraCommitment.ts';
import { EMPTY_MERKLE_ROOT } from '../../primitives/binaryMerkle.ts';
import type { BlockParaSlices } from '../RpcBackend.ts';
import type { HexString } from '../server/index.ts';
import { toHex } from './paramHelpers.ts';

/** A Merkle proof on the wire (`primitives/binaryMerkle.ts`'s `MerkleProof`, hashes as hex). */
export interface MerkleProofJson {
  readonly leafIndex: number;
  readonly leafCount: number;
  readonly siblings: readonly HexString[];
}

/**
 * The result of `spindle_paraTransactions` and of each `spindle_paraTransactions` notification:
 * para `paraId`'s ordered slice of one relay block, with what a client needs to check it
 * against that block's header (whose `spdl` Consensus digest holds `paraRoot`):
 *
 * - non-empty slice: `sliceRoot = merkleRoot(keccak256(payload)…)`, and
 *   `merkleRootFromProof(paraLeaf(paraId, sliceRoot, payloads.length), proof) == paraRoot`;
 * - empty slice: `proof` is null and `absence.leaves` is every leaf of the block's para tree
 *   (40 bytes each, ascending para id): `merkleRoot(leaves) == paraRoot` and none is `paraId`'s.
 *
 * @example
 * // {"paraId":100,"blockHash":"0x…","blockNumber":42,"paraRoot":"0x…","sliceRoot":"0x…",
 * //  "payloads":["0xaa"],"proof":{"leafIndex":0,"leafCount":2,"siblings":["0x…"]},"absence":null}
 */
export interface ParaTransactionsJson {
  readonly paraId: number;
  readonly blockHash: HexString;
  readonly blockNumber: number;
  readonly paraRoot: HexString;
  /** 32 zero bytes for an empty slice. */
  readonly sliceRoot: HexString;
  readonly payloads: readonly HexString[];
  readonly proof: MerkleProofJson | null;
  readonly absence: { readonly leaves: readonly HexString[] } | null;
}

/** Para `paraId`'s slice of `block`, with its proof (or the absence proof), as sent on the wire. */
export function paraTransactionsJson(block: BlockParaSlices, paraId: number): ParaTransactionsJson {
  const common = { paraId, blockHash: toHex(block.hash), blockNumber: Number(block.number), paraRoot: toHex(block.paraRoot) };
  const proven = proveParaSlice(block.slices, paraId);
  if (proven === undefined) {
    const leaves = block.slices.map((s) => toHex(paraLeaf(s.paraId, sliceRoot(s.payloads), s.payloads.length)));
    return { ...common, sliceRoot: toHex(EMPTY_MERKLE_ROOT), payloads: [], proof: null, absence: { leaves } };
  }
  const slice = block.slices.find((s) => s.paraId === paraId)!;
  return {
    ...common,
    sliceRoot: toHex(proven.sliceRoot),
    payloads: slice.payloads.map(toHex),
    proof: { leafIndex: proven.proof.leafIndex, leafCount: proven.proof.leafCount, siblings: proven.proof.siblings.map(toHex) },
    absence: null,
  };
}
