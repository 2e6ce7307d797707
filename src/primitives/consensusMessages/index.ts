/** Signed consensus messages, commit certificates (justifications), the pre-runtime digest and the seal. See README.md; call `initHashing()` first. */
export { ConsensusMessageError, type ConsensusMessageErrorCode } from './ConsensusMessageError.ts';
export type {
  CommitCertificate,
  CommitSignature,
  ConsensusMessage,
  ConsensusSigner,
  ConsensusValidator,
  SignedProposal,
  SignedVote,
  SignFn,
  VoteType,
} from './types.ts';
export { SIGNING_DOMAIN, SIGNING_KIND, proposalSigningBytes, voteSigningBytes } from './signingBytes.ts';
export { decodeSignedVote, encodeSignedVote, signVote, verifyVote } from './signedVote.ts';
export { decodeSignedProposal, encodeSignedProposal, signProposal, verifyProposal } from './signedProposal.ts';
export { CONSENSUS_MESSAGE_TAG, decodeConsensusMessage, encodeConsensusMessage } from './consensusMessage.ts';
export { commitFromPrecommits, decodeCommit, encodeCommit, verifyCommit, type VerifyCommitOptions } from './commitCertificate.ts';
export {
  decodeJustificationEntries,
  decodeJustifications,
  encodeJustifications,
  verifyJustifications,
  type JustificationEntry,
} from './justifications.ts';
export { SPINDLE_ENGINE, spindleEngineId } from './spindleEngine.ts';
export { decodePreDigest, encodePreDigest, type PreDigest } from './preDigest.ts';
export { sealHeader, unsealHeader, verifyAuthor, verifySeal } from './seal.ts';
export { spindlePolkadotTypes } from './polkadotTypes.ts';
