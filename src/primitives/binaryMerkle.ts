import { concatBytes, keccak256 } from './hashing.ts';

/**
 * The keccak-256 binary Merkle tree Spindle commits para slices with, chosen so that
 * Solidity verifies a proof in a few lines:
 *
 *   leafHash(data)    = keccak256(0x00 ‖ data)
 *   nodeHash(l, r)    = keccak256(0x01 ‖ l ‖ r)
 *   a level with an odd count promotes its last node unchanged;
 *   root of no leaves = 32 zero bytes.
 *
 * The 0x00/0x01 domain separation makes a leaf impossible to pass off as an inner node.
 */
export const EMPTY_MERKLE_ROOT = new Uint8Array(32);

export function merkleLeafHash(data: Uint8Array): Uint8Array {
  return keccak256(concatBytes(Uint8Array.of(0), data));
}

export function merkleNodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return keccak256(concatBytes(Uint8Array.of(1), left, right));
}

export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return EMPTY_MERKLE_ROOT;
  let level = leaves.map(merkleLeafHash);
  while (level.length > 1) level = nextLevel(level);
  return level[0]!;
}

export interface MerkleProof {
  readonly leafIndex: number;
  readonly leafCount: number;
  /** Sibling hashes from the leaf level upwards; promoted levels contribute none. */
  readonly siblings: readonly Uint8Array[];
}

export function merkleProof(leaves: readonly Uint8Array[], leafIndex: number): MerkleProof {
  if (leafIndex < 0 || leafIndex >= leaves.length) throw new RangeError(`leaf ${leafIndex} of ${leaves.length}`);
  const siblings: Uint8Array[] = [];
  let level = leaves.map(merkleLeafHash);
  let index = leafIndex;
  while (level.length > 1) {
    const sibling = index ^ 1;
    if (sibling < level.length) siblings.push(level[sibling]!);
    level = nextLevel(level);
    index >>= 1;
  }
  return { leafIndex, leafCount: leaves.length, siblings };
}

/** Recomputes the root from a leaf's data and its proof. */
export function merkleRootFromProof(leaf: Uint8Array, proof: MerkleProof): Uint8Array {
  let hash = merkleLeafHash(leaf);
  let index = proof.leafIndex;
  let width = proof.leafCount;
  let next = 0;
  while (width > 1) {
    const isRight = (index & 1) === 1;
    if (isRight) {
      hash = merkleNodeHash(proof.siblings[next++] ?? new Uint8Array(32), hash);
    } else if (index + 1 < width) {
      hash = merkleNodeHash(hash, proof.siblings[next++] ?? new Uint8Array(32));
    }
    index >>= 1;
    width = (width + 1) >> 1;
  }
  return hash;
}

function nextLevel(level: readonly Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < level.length; i += 2) {
    out.push(i + 1 < level.length ? merkleNodeHash(level[i]!, level[i + 1]!) : level[i]!);
  }
  return out;
}
