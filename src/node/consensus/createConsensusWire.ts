import {
  ConsensusMessageError,
  commitFromPrecommits,
  decodeConsensusMessage,
  encodeConsensusMessage,
  encodeJustifications,
  sealHeader,
  signProposal,
  signVote,
  verifyAuthor,
  verifyJustifications,
  verifyProposal,
  verifyVote,
  type ConsensusSigner,
} from '../../primitives/consensusMessages/index.ts';
import { SignatureVerifier } from '../../primitives/verifySignature.ts';
import type { ConsensusWire } from './ConsensusPorts.ts';

/**
 * The consensus wire of one chain over the signed-message primitives
 * (src/primitives/consensusMessages, whose README documents every byte). `signer` is
 * absent on nodes that do not validate.
 */
export function createConsensusWire(genesisHash: Uint8Array, signer: ConsensusSigner | undefined): ConsensusWire {
  const verifier = new SignatureVerifier();
  const need = (): ConsensusSigner => {
    if (signer === undefined) throw new ConsensusMessageError('UNKNOWN_VALIDATOR', 'this node has no consensus key');
    return signer;
  };
  const ok = (f: () => unknown): boolean => {
    try {
      f();
      return true;
    } catch (e) {
      if (e instanceof ConsensusMessageError) return false;
      throw e;
    }
  };
  return {
    encode: encodeConsensusMessage,
    decode: decodeConsensusMessage,
    signVote: (v) => signVote(need(), genesisHash, v),
    signProposal: (p) => signProposal(need(), genesisHash, p),
    verifyVote: (v, validators) => ok(() => verifyVote(v, genesisHash, validators, verifier)),
    verifyProposal: (p, validators) => ok(() => verifyProposal(p, genesisHash, validators, verifier)),
    seal: (header) => sealHeader(header, need()),
    verifyAuthor: (header, validators) => verifyAuthor(header, validators, verifier).proposerIndex,
    encodeJustifications: (height, round, blockHash, precommits) => encodeJustifications([commitFromPrecommits(height, round, blockHash, precommits)]),
    verifyJustifications: (bytes, height, blockHash, validators) => {
      verifyJustifications(bytes, { genesisHash, validators, blockHash, height, verifier });
    },
  };
}
