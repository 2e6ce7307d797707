/** The plain data shapes of Spindle's consensus messages; codecs and checks live in their own files. */

export type VoteType = 'prevote' | 'precommit';

/** A prevote or precommit signed by a validator's ed25519 consensus key. `blockHash: null` votes for nil. */
export interface SignedVote {
  readonly type: VoteType;
  readonly height: bigint;
  /** u32. */
  readonly round: number;
  readonly blockHash: Uint8Array | null;
  /** 32-byte ed25519 public key. */
  readonly validator: Uint8Array;
  /** 64-byte ed25519 signature over `voteSigningBytes`. */
  readonly signature: Uint8Array;
}

/** A proposal with the full block it proposes. `blockHash` is blake2_256 of `block.header` (the sealed header). */
export interface SignedProposal {
  readonly height: bigint;
  readonly round: number;
  /** The round of the proposer's proof-of-lock, `-1` when none; otherwise `0 <= validRound < round`. */
  readonly validRound: number;
  readonly blockHash: Uint8Array;
  /** 32-byte ed25519 public key. */
  readonly proposer: Uint8Array;
  /** 64-byte ed25519 signature over `proposalSigningBytes`. */
  readonly signature: Uint8Array;
  /** SCALE-encoded header and body (`Vec<UncheckedExtrinsic>`), as `encodeHeader` / `encodeBody` make them. */
  readonly block: { readonly header: Uint8Array; readonly body: Uint8Array };
}

/** What travels on the consensus gossip topic. */
export type ConsensusMessage =
  | { readonly kind: 'vote'; readonly vote: SignedVote }
  | { readonly kind: 'proposal'; readonly proposal: SignedProposal };

/** One precommit signature inside a commit certificate. */
export interface CommitSignature {
  readonly validator: Uint8Array;
  readonly signature: Uint8Array;
}

/** The precommits of more than 2/3 of the power for one block: the block's justification (engine `SPDL`). */
export interface CommitCertificate {
  readonly height: bigint;
  readonly round: number;
  readonly blockHash: Uint8Array;
  readonly precommits: readonly CommitSignature[];
}

/** A member of the validator set a message is checked against. */
export interface ConsensusValidator {
  /** 32-byte ed25519 consensus public key. */
  readonly publicKey: Uint8Array;
  readonly power: bigint;
}

/** Signs with a consensus key the node holds; the secret never enters this module. Returns a 64-byte ed25519 signature. */
export type SignFn = (message: Uint8Array) => Uint8Array;

export interface ConsensusSigner {
  /** 32-byte ed25519 public key of the key `sign` uses. */
  readonly publicKey: Uint8Array;
  readonly sign: SignFn;
}
