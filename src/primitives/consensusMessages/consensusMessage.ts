import { concatBytes } from '../hashing.ts';
import { ByteReader, decodeWith } from './byteReader.ts';
import { ConsensusMessageError } from './ConsensusMessageError.ts';
import { encodeSignedProposal, readSignedProposal } from './signedProposal.ts';
import { encodeSignedVote, readSignedVote } from './signedVote.ts';
import type { ConsensusMessage } from './types.ts';

/** Tag byte of the gossip envelope (a SCALE enum): 0 vote, 1 proposal. */
export const CONSENSUS_MESSAGE_TAG = { vote: 0, proposal: 1 } as const;

/** `0x00 ‖ SignedVote` or `0x01 ‖ SignedProposal`. Throws `MALFORMED` when a field is out of its type. */
export function encodeConsensusMessage(message: ConsensusMessage): Uint8Array {
  switch (message.kind) {
    case 'vote':
      return concatBytes(Uint8Array.of(CONSENSUS_MESSAGE_TAG.vote), encodeSignedVote(message.vote));
    case 'proposal':
      return concatBytes(Uint8Array.of(CONSENSUS_MESSAGE_TAG.proposal), encodeSignedProposal(message.proposal));
    default:
      throw new ConsensusMessageError('MALFORMED', `unknown consensus message kind ${String((message as { kind: unknown }).kind)}`);
  }
}

/** Decodes one gossip envelope from untrusted bytes: every defect is `MALFORMED`, nothing else is thrown. Signatures are not checked. */
export function decodeConsensusMessage(bytes: Uint8Array): ConsensusMessage {
  return decodeWith('consensus message', () => {
    const reader = new ByteReader(bytes, 'consensus message');
    const tag = reader.u8();
    let message: ConsensusMessage;
    if (tag === CONSENSUS_MESSAGE_TAG.vote) message = { kind: 'vote', vote: readSignedVote(reader) };
    else if (tag === CONSENSUS_MESSAGE_TAG.proposal) message = { kind: 'proposal', proposal: readSignedProposal(reader) };
    else throw new ConsensusMessageError('MALFORMED', `consensus message: unknown tag ${tag}`);
    reader.end();
    return message;
  });
}
