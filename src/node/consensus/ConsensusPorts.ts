import type { ConsensusMessage, SignedProposal, SignedVote } from '../../primitives/consensusMessages/index.ts';
import type { Header } from '../../primitives/header.ts';

/**
 * The narrow interfaces the consensus host needs from the world, declared here by their
 * user: signed message encoding, the write-ahead log, and the network.
 */


export type { SignedProposal, SignedVote };
export type WireMessage = ConsensusMessage;

export interface ValidatorKey {
  readonly publicKey: Uint8Array;
  readonly power: bigint;
}

/** Signing, verification and encoding of consensus messages and commit certificates. */
export interface ConsensusWire {
  encode(message: WireMessage): Uint8Array;
  /** Throws on malformed bytes. */
  decode(bytes: Uint8Array): WireMessage;
  signVote(vote: Omit<SignedVote, 'signature' | 'validator'>): SignedVote;
  signProposal(proposal: Omit<SignedProposal, 'signature' | 'proposer'>): SignedProposal;
  /** True when signed by a member of `validators` over this chain's domain (proposals: and the block hashes to blockHash). */
  verifyVote(vote: SignedVote, validators: readonly ValidatorKey[]): boolean;
  verifyProposal(proposal: SignedProposal, validators: readonly ValidatorKey[]): boolean;
  /** Adds this node's seal (last digest item) to a header it authored. */
  seal(header: Header): Header;
  /** Checks a proposed header's seal against the proposer its pre-runtime digest names; returns that proposer's index. */
  verifyAuthor(header: Header, validators: readonly ValidatorKey[]): number;
  /** Encoded `Justifications` holding the commit certificate of `precommits`. */
  encodeJustifications(height: bigint, round: number, blockHash: Uint8Array, precommits: readonly SignedVote[]): Uint8Array;
  /** Verifies a block's justifications against the validator set; throws when they do not prove finality. */
  verifyJustifications(justifications: Uint8Array, height: bigint, blockHash: Uint8Array, validators: readonly ValidatorKey[]): void;
}

/** The write-ahead log: own messages are durable before they leave the node. */
export interface ConsensusLog {
  /** Records an own vote; throws when a different one was already signed for (height, round, type). Returns the bytes to send. */
  recordOwnVote(vote: SignedVote, encoded: Uint8Array): Promise<Uint8Array>;
  recordOwnProposal(proposal: SignedProposal, encoded: Uint8Array): Promise<Uint8Array>;
  endHeight(height: bigint): Promise<void>;
  /** Makes a peer message of `height` durable before it is handled. */
  appendInput(height: bigint, encoded: Uint8Array): Promise<void>;
  /** The messages logged for `height` (peer inputs and own signed messages, encoded), in the order they were handled. */
  replay(height: bigint): Uint8Array[];
}

export type GossipVerdict = 'accept' | 'ignore' | 'reject';

/** The part of the network service consensus uses. */
export interface ConsensusNetwork {
  /** `resend` sends a message again even if it was published before. */
  publish(topic: 'consensus', data: Uint8Array, opts?: { resend?: boolean }): void;
  onGossip(topic: 'consensus', handler: (data: Uint8Array, from: string) => GossipVerdict | Promise<GossipVerdict>): void;
  handle(protocol: string, handler: (request: Uint8Array, from: string) => Promise<Uint8Array>): void;
  request(peerId: string, protocol: string, request: Uint8Array, opts?: { timeoutMs?: number }): Promise<Uint8Array>;
  peers(): { peerId: string }[];
}
