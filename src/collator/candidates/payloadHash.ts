import { blake2_256 } from '../../primitives/hashing.ts';

/**
 * The identity of an app-chain transaction: blake2-256 of its bytes, the hash Substrate's
 * `author_submitExtrinsic` answers, so a wallet gets the same hash from the collator as from
 * the app chain's own node. Needs `initHashing()` to have resolved.
 */
export function payloadHash(payload: Uint8Array): Uint8Array {
  return blake2_256(payload);
}

export function hashHex(hash: Uint8Array): `0x${string}` {
  return `0x${Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex')}`;
}
