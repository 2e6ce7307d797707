import { concatBytes } from '../hashing.ts';
import { encodeU32, encodeU64 } from '../scale.ts';
import { SignatureVerifier } from '../verifySignature.ts';
import { ByteReader, decodeWith } from './byteReader.ts';
import { checkBytes, checkU32, checkU64, checkVoteType } from './checkFields.ts';
import { ConsensusMessageError } from './ConsensusMessageError.ts';
import { findValidator } from './findValidator.ts';
import { SIGNING_KIND, voteSigningBytes } from './signingBytes.ts';
import type { ConsensusSigner, ConsensusValidator, SignedVote } from './types.ts';

/**
 * SCALE encoding of a signed vote:
 * `type u8 (1 prevote, 2 precommit) ‖ height u64 ‖ round u32 ‖ Option<[u8;32]> blockHash ‖ validator [u8;32] ‖ signature [u8;64]`.
 * Throws `MALFORMED` when a field is out of its type.
 */
export function encodeSignedVote(vote: SignedVote): Uint8Array {
  checkVoteType(vote.type);
  checkU64(vote.height, 'height');
  checkU32(vote.round, 'round');
  if (vote.blockHash !== null) checkBytes(vote.blockHash, 32, 'blockHash');
  checkBytes(vote.validator, 32, 'validator');
  checkBytes(vote.signature, 64, 'signature');
  return concatBytes(
    Uint8Array.of(SIGNING_KIND[vote.type]),
    encodeU64(vote.height),
    encodeU32(vote.round),
    vote.blockHash === null ? Uint8Array.of(0) : concatBytes(Uint8Array.of(1), vote.blockHash),
    vote.validator,
    vote.signature,
  );
}

/** Decodes exactly one signed vote; any defect is `MALFORMED`. Does not check the signature. */
export function decodeSignedVote(bytes: Uint8Array): SignedVote {
  return decodeWith('signed vote', () => {
    const reader = new ByteReader(bytes, 'signed vote');
    const vote = readSignedVote(reader);
    reader.end();
    return vote;
  });
}

export function readSignedVote(reader: ByteReader): SignedVote {
  const kind = reader.u8();
  if (kind !== SIGNING_KIND.prevote && kind !== SIGNING_KIND.precommit) {
    throw new ConsensusMessageError('MALFORMED', `signed vote: bad vote type ${kind}`);
  }
  return {
    type: kind === SIGNING_KIND.prevote ? 'prevote' : 'precommit',
    height: reader.u64(),
    round: reader.u32(),
    blockHash: reader.optionHash(),
    validator: reader.take(32),
    signature: reader.take(64),
  };
}

/**
 * Signs a vote with the node's consensus key for the chain of `genesisHash`.
 *
 * @example
 * const vote = signVote(signer, genesisHash, { type: 'precommit', height: 7n, round: 0, blockHash });
 */
export function signVote(
  signer: ConsensusSigner,
  genesisHash: Uint8Array,
  vote: Pick<SignedVote, 'type' | 'height' | 'round' | 'blockHash'>,
): SignedVote {
  checkBytes(signer.publicKey, 32, 'signer public key');
  const signature = signer.sign(voteSigningBytes(genesisHash, vote));
  checkBytes(signature, 64, 'signature returned by the signer');
  return { type: vote.type, height: vote.height, round: vote.round, blockHash: vote.blockHash, validator: signer.publicKey, signature };
}

/**
 * Checks that `vote` was signed for the chain of `genesisHash` by a member of `validators`, and
 * returns that member. Throws `MALFORMED`, `UNKNOWN_VALIDATOR` or `BAD_SIGNATURE` (which is also
 * what a vote signed for another chain gets). Pass a long-lived `verifier` to reuse its key cache.
 */
export function verifyVote(
  vote: SignedVote,
  genesisHash: Uint8Array,
  validators: readonly ConsensusValidator[],
  verifier: SignatureVerifier = new SignatureVerifier(),
): ConsensusValidator {
  const message = voteSigningBytes(genesisHash, vote);
  checkBytes(vote.validator, 32, 'validator');
  checkBytes(vote.signature, 64, 'signature');
  const member = findValidator(validators, vote.validator);
  if (member === undefined) throw new ConsensusMessageError('UNKNOWN_VALIDATOR', `${vote.type} signer is not a validator`, { validator: vote.validator });
  if (!verifier.verify({ type: 'Ed25519', signature: vote.signature }, message, vote.validator)) {
    throw new ConsensusMessageError('BAD_SIGNATURE', `bad ${vote.type} signature (or signed for another chain)`, { validator: vote.validator });
  }
  return member;
}
