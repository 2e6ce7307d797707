/**
 * @polkadot/types definitions of Spindle's consensus encodings, so clients can decode them:
 *
 * ```ts
 * const registry = new TypeRegistry();
 * registry.register(spindlePolkadotTypes);
 * const [[engine, data]] = registry.createType('Justifications', justificationBytes); // engine 'SPDL'
 * const commit = registry.createType('SpindleCommit', data);
 * commit.height.toBigInt(); commit.precommits[0].validator.toHex();
 * ```
 *
 * or `new ApiPromise({ provider, types: spindlePolkadotTypes })`. Each shape here is byte-for-byte
 * the encoding written by this folder (see README.md beside this file).
 */
export const spindlePolkadotTypes = {
  /** One precommit signature of a commit: the validator's ed25519 public key and its signature. */
  SpindlePrecommit: {
    validator: '[u8; 32]',
    signature: 'H512',
  },
  /** The `SPDL` justification of a block; precommits sorted by validator key. */
  SpindleCommit: {
    height: 'u64',
    round: 'u32',
    blockHash: 'H256',
    precommits: 'Vec<SpindlePrecommit>',
  },
  /** Payload of the `PreRuntime` digest item with engine `SPDL`. */
  SpindlePreDigest: {
    round: 'u32',
    proposerIndex: 'u32',
  },
  /** Vote kind byte, the same as the kind byte of the signing domain. */
  SpindleVoteType: {
    _enum: { Prevote: 1, Precommit: 2 },
  },
  SpindleSignedVote: {
    voteType: 'SpindleVoteType',
    height: 'u64',
    round: 'u32',
    blockHash: 'Option<H256>',
    validator: '[u8; 32]',
    signature: 'H512',
  },
  SpindleProposedBlock: {
    header: 'Bytes',
    body: 'Bytes',
  },
  SpindleSignedProposal: {
    height: 'u64',
    round: 'u32',
    validRound: 'Option<u32>',
    blockHash: 'H256',
    proposer: '[u8; 32]',
    signature: 'H512',
    block: 'SpindleProposedBlock',
  },
  /** The consensus gossip envelope. */
  SpindleConsensusMessage: {
    _enum: {
      Vote: 'SpindleSignedVote',
      Proposal: 'SpindleSignedProposal',
    },
  },
} as const;
