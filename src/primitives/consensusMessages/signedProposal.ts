import { blake2_256, concatBytes } from '../hashing.ts';
import { encodeBytes, encodeU32, encodeU64 } from '../scale.ts';
import { SignatureVerifier } from '../verifySignature.ts';
import { ByteReader, decodeWith } from './byteReader.ts';
import { checkBytes, checkU32, checkU64, checkValidRound } from './checkFields.ts';
import { ConsensusMessageError } from './ConsensusMessageError.ts';
import { findValidator } from './findValidator.ts';
import { encodeOptionU32, proposalSigningBytes } from './signingBytes.ts';
import type { ConsensusSigner, ConsensusValidator, SignedProposal } from './types.ts';

/**
 * SCALE encoding of a signed proposal:
 * `height u64 ‖ round u32 ‖ validRound Option<u32> ‖ blockHash [u8;32] ‖ proposer [u8;32] ‖ signature [u8;64] ‖ header Vec<u8> ‖ body Vec<u8>`.
 * Throws `MALFORMED` when a field is out of its type.
 */
export function encodeSignedProposal(proposal: SignedProposal): Uint8Array {
  checkProposalFields(proposal);
  checkBytes(proposal.proposer, 32, 'proposer');
  checkBytes(proposal.signature, 64, 'signature');
  return concatBytes(
    encodeU64(proposal.height),
    encodeU32(proposal.round),
    encodeOptionU32(proposal.validRound),
    proposal.blockHash,
    proposal.proposer,
    proposal.signature,
    encodeBytes(proposal.block.header),
    encodeBytes(proposal.block.body),
  );
}

/** Decodes exactly one signed proposal; any defect is `MALFORMED`. Checks neither the signature nor the block hash. */
export function decodeSignedProposal(bytes: Uint8Array): SignedProposal {
  return decodeWith('signed proposal', () => {
    const reader = new ByteReader(bytes, 'signed proposal');
    const proposal = readSignedProposal(reader);
    reader.end();
    return proposal;
  });
}

export function readSignedProposal(reader: ByteReader): SignedProposal {
  const height = reader.u64();
  const round = reader.u32();
  const validRound = reader.optionU32();
  const blockHash = reader.take(32);
  const proposer = reader.take(32);
  const signature = reader.take(64);
  const header = reader.bytesVec();
  const body = reader.bytesVec();
  return { height, round, validRound, blockHash, proposer, signature, block: { header, body } };
}

/**
 * Signs a proposal with the node's consensus key for the chain of `genesisHash`. `blockHash` must be
 * blake2_256 of `block.header` (`MISMATCH` otherwise). Needs `initHashing()`.
 *
 * @example
 * const proposal = signProposal(signer, genesisHash, { height: 7n, round: 0, validRound: -1, blockHash: hashHeader(header), block: { header: encodeHeader(header), body } });
 */
export function signProposal(
  signer: ConsensusSigner,
  genesisHash: Uint8Array,
  proposal: Pick<SignedProposal, 'height' | 'round' | 'validRound' | 'blockHash' | 'block'>,
): SignedProposal {
  checkProposalFields(proposal);
  checkBytes(signer.publicKey, 32, 'signer public key');
  checkBlockHash(proposal);
  const signature = signer.sign(proposalSigningBytes(genesisHash, proposal));
  checkBytes(signature, 64, 'signature returned by the signer');
  const { height, round, validRound, blockHash, block } = proposal;
  return { height, round, validRound, blockHash, proposer: signer.publicKey, signature, block };
}

/**
 * Checks that `proposal` was signed for the chain of `genesisHash` by a member of `validators` and
 * that its block hashes to `blockHash`; returns the proposer's entry. Whether that member is the
 * proposer of the round is the consensus core's question, not this one's.
 * Throws `MALFORMED`, `UNKNOWN_VALIDATOR`, `MISMATCH` or `BAD_SIGNATURE`. Needs `initHashing()`.
 */
export function verifyProposal(
  proposal: SignedProposal,
  genesisHash: Uint8Array,
  validators: readonly ConsensusValidator[],
  verifier: SignatureVerifier = new SignatureVerifier(),
): ConsensusValidator {
  checkProposalFields(proposal);
  const message = proposalSigningBytes(genesisHash, proposal);
  checkBytes(proposal.proposer, 32, 'proposer');
  checkBytes(proposal.signature, 64, 'signature');
  const member = findValidator(validators, proposal.proposer);
  if (member === undefined) throw new ConsensusMessageError('UNKNOWN_VALIDATOR', 'proposer is not a validator', { validator: proposal.proposer });
  checkBlockHash(proposal);
  if (!verifier.verify({ type: 'Ed25519', signature: proposal.signature }, message, proposal.proposer)) {
    throw new ConsensusMessageError('BAD_SIGNATURE', 'bad proposal signature (or signed for another chain)', { validator: proposal.proposer });
  }
  return member;
}

function checkProposalFields(proposal: Pick<SignedProposal, 'height' | 'round' | 'validRound' | 'blockHash' | 'block'>): void {
  checkU64(proposal.height, 'height');
  checkU32(proposal.round, 'round');
  checkValidRound(proposal.validRound, proposal.round);
  checkBytes(proposal.blockHash, 32, 'blockHash');
  if (!(proposal.block?.header instanceof Uint8Array) || !(proposal.block.body instanceof Uint8Array)) {
    throw new ConsensusMessageError('MALFORMED', 'block header and body must be bytes');
  }
}

function checkBlockHash(proposal: Pick<SignedProposal, 'blockHash' | 'block'>): void {
  if (!Buffer.from(blake2_256(proposal.block.header)).equals(proposal.blockHash)) {
    throw new ConsensusMessageError('MISMATCH', 'blockHash is not the hash of the proposed header');
  }
}
