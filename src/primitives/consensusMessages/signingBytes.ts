import { concatBytes } from '../hashing.ts';
import { encodeU32, encodeU64 } from '../scale.ts';
import { checkBytes, checkU32, checkU64, checkValidRound, checkVoteType } from './checkFields.ts';
import type { SignedProposal, SignedVote } from './types.ts';

/** The first 11 bytes (ASCII) of everything a consensus key signs, except seals (see `sealHeader`). */
export const SIGNING_DOMAIN = 'SPINDLE/v1/';

/** The kind byte after the domain: it keeps a prevote, a precommit and a proposal from ever sharing signed bytes. */
export const SIGNING_KIND = { prevote: 1, precommit: 2, proposal: 3 } as const;

/**
 * The bytes a validator signs for a vote (all integers little-endian):
 *
 * ```text
 * "SPINDLE/v1/"        11 bytes ASCII
 * kind                 u8: 1 prevote, 2 precommit
 * genesisHash          [u8; 32]
 * height               u64
 * round                u32
 * blockHash            Option<[u8; 32]>: 0x00 for a nil vote, 0x01 ‖ hash otherwise
 * ```
 *
 * 57 bytes for a nil vote, 89 for a vote for a block. The genesis hash binds the signature to one chain.
 * Throws `MALFORMED` when a field is out of its type.
 */
export function voteSigningBytes(genesisHash: Uint8Array, vote: Pick<SignedVote, 'type' | 'height' | 'round' | 'blockHash'>): Uint8Array {
  checkBytes(genesisHash, 32, 'genesisHash');
  checkVoteType(vote.type);
  checkU64(vote.height, 'height');
  checkU32(vote.round, 'round');
  if (vote.blockHash !== null) checkBytes(vote.blockHash, 32, 'blockHash');
  return concatBytes(
    new TextEncoder().encode(SIGNING_DOMAIN),
    Uint8Array.of(SIGNING_KIND[vote.type]),
    genesisHash,
    encodeU64(vote.height),
    encodeU32(vote.round),
    vote.blockHash === null ? Uint8Array.of(0) : concatBytes(Uint8Array.of(1), vote.blockHash),
  );
}

/**
 * The bytes a proposer signs for a proposal (all integers little-endian):
 *
 * ```text
 * "SPINDLE/v1/"        11 bytes ASCII
 * kind                 u8: 3
 * genesisHash          [u8; 32]
 * height               u64
 * round                u32
 * blockHash            [u8; 32]
 * validRound           Option<u32>: 0x00 when none (-1), 0x01 ‖ u32 otherwise
 * ```
 *
 * 89 bytes without a valid round, 93 with one. The block itself is not signed: its hash is.
 * Throws `MALFORMED` when a field is out of its type or `validRound` is not -1 or below `round`.
 */
export function proposalSigningBytes(
  genesisHash: Uint8Array,
  proposal: Pick<SignedProposal, 'height' | 'round' | 'validRound' | 'blockHash'>,
): Uint8Array {
  checkBytes(genesisHash, 32, 'genesisHash');
  checkU64(proposal.height, 'height');
  checkU32(proposal.round, 'round');
  checkValidRound(proposal.validRound, proposal.round);
  checkBytes(proposal.blockHash, 32, 'blockHash');
  return concatBytes(
    new TextEncoder().encode(SIGNING_DOMAIN),
    Uint8Array.of(SIGNING_KIND.proposal),
    genesisHash,
    encodeU64(proposal.height),
    encodeU32(proposal.round),
    proposal.blockHash,
    encodeOptionU32(proposal.validRound),
  );
}

/** `Option<u32>` with -1 as `None`. */
export function encodeOptionU32(value: number): Uint8Array {
  return value === -1 ? Uint8Array.of(0) : concatBytes(Uint8Array.of(1), encodeU32(value));
}
