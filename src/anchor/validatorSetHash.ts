import { encodeAbiParameters, keccak256, type Address, type Hex } from 'viem';

export interface AnchorValidator {
  readonly addr: Address;
  readonly weight: bigint;
}

/** `SpindleAnchor.ValidatorSet`: validators sorted by strictly increasing address, weights > 0. */
export interface AnchorValidatorSet {
  readonly setId: bigint;
  readonly validators: readonly AnchorValidator[];
}

/** Sorts validators by address, as the contract requires. */
export function sortValidators(validators: readonly AnchorValidator[]): AnchorValidator[] {
  return [...validators].sort((a, b) => compareAddresses(a.addr, b.addr));
}

export function compareAddresses(a: Address, b: Address): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** keccak256(abi.encode(set)) — the `nextSetHash` a commitment announces the set with. */
export function validatorSetHash(set: AnchorValidatorSet): Hex {
  return keccak256(
    encodeAbiParameters(
      [
        {
          type: 'tuple',
          components: [
            { name: 'setId', type: 'uint64' },
            {
              name: 'validators',
              type: 'tuple[]',
              components: [
                { name: 'addr', type: 'address' },
                { name: 'weight', type: 'uint64' },
              ],
            },
          ],
        },
      ],
      [{ setId: set.setId, validators: set.validators.map((v) => ({ addr: v.addr, weight: v.weight })) }],
    ),
  );
}
