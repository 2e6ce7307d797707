import { concatBytes } from '../primitives/hashing.ts';

/**
 * The data of a relay block's leaf in an anchor commitment's `blocksRoot`:
 * `headerHash ‖ paraRoot` (64 bytes). paraRoot is the header's `spdl` digest value, or 32 zero
 * bytes for a block without para transactions. Ethereum checks para slices with keccak only.
 */
export function blockLeafData(headerHash: Uint8Array, paraRoot: Uint8Array): Uint8Array {
  if (headerHash.length !== 32 || paraRoot.length !== 32) {
    throw new RangeError(`blockLeafData wants two 32-byte hashes, got ${headerHash.length} and ${paraRoot.length}`);
  }
  return concatBytes(headerHash, paraRoot);
}
