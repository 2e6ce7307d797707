import { encodeAbiParameters, keccak256, stringToHex, type Address, type Hex } from 'viem';

/** What the relay validators sign: a contiguous range of relay blocks and its Merkle root. */
export interface AnchorCommitment {
  readonly fromBlock: bigint;
  readonly toBlock: bigint;
  /** binaryMerkle root over `blockLeafData(headerHash, paraRoot)` of each block, in order. */
  readonly blocksRoot: Hex;
  readonly setId: bigint;
  /** `validatorSetHash(next)` to hand over to, or 32 zero bytes. */
  readonly nextSetHash: Hex;
}

/** `SpindleAnchor.DOMAIN_TAG`. */
export const ANCHOR_DOMAIN_TAG: Hex = keccak256(stringToHex('Spindle.Anchor.Commitment.v1'));

export interface CommitmentDigestParameters {
  readonly chainId: bigint;
  readonly anchor: Address;
  readonly genesisHash: Hex;
  readonly commitment: AnchorCommitment;
}

/**
 * keccak256(abi.encode(DOMAIN_TAG, chainId, anchor, genesisHash, commitment)) — the raw
 * digest validators sign (no EIP-191 prefix); equals `SpindleAnchor.digest(commitment)`.
 */
export function commitmentDigest({ chainId, anchor, genesisHash, commitment: c }: CommitmentDigestParameters): Hex {
  return keccak256(
    encodeAbiParameters(
      [
        { type: 'bytes32' },
        { type: 'uint256' },
        { type: 'address' },
        { type: 'bytes32' },
        {
          type: 'tuple',
          components: [
            { name: 'fromBlock', type: 'uint64' },
            { name: 'toBlock', type: 'uint64' },
            { name: 'blocksRoot', type: 'bytes32' },
            { name: 'setId', type: 'uint64' },
            { name: 'nextSetHash', type: 'bytes32' },
          ],
        },
      ],
      [ANCHOR_DOMAIN_TAG, chainId, anchor, genesisHash, c],
    ),
  );
}
