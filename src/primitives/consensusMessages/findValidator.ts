import type { ConsensusValidator } from './types.ts';

/** The set member whose public key is `publicKey`, or undefined. */
export function findValidator(validators: readonly ConsensusValidator[], publicKey: Uint8Array): ConsensusValidator | undefined {
  const key = Buffer.from(publicKey);
  return validators.find((v) => key.equals(v.publicKey));
}
