/**
 * What the `spindle_anchor*` RPC methods read from the node's anchoring service. Values are
 * wire-ready: hashes and addresses as 0x hex, block numbers and set ids as bigint.
 */
export interface AnchorCommitmentView {
  readonly fromBlock: bigint;
  readonly toBlock: bigint;
  readonly blocksRoot: string;
  readonly setId: bigint;
  readonly nextSetHash: string;
}

export interface AnchorDomainView {
  readonly domainTag: string;
  readonly chainId: bigint;
  readonly contract: string;
  readonly genesisHash: string;
}

export interface AnchorSignaturesView {
  readonly commitment: AnchorCommitmentView;
  /** The raw digest the validators sign (undefined when the node has no domain). */
  readonly digest: string | undefined;
  readonly signatures: readonly { readonly signer: string; readonly r: string; readonly s: string; readonly v: number }[];
  readonly signedWeight: bigint;
  readonly totalWeight: bigint;
}

export interface AnchorProofView {
  readonly commitment: AnchorCommitmentView;
  readonly number: bigint;
  readonly headerHash: string;
  readonly paraRoot: string;
  readonly leafIndex: number;
  readonly leafCount: number;
  readonly proof: readonly string[];
}

export interface AnchorStatusView {
  /** Last relay block covered by a closed period (0 before the first one closes). */
  readonly lastCommittedBlock: bigint;
  /** The contract's latest anchored block as last seen on L1, when this node submits. */
  readonly anchoredBlock: bigint | undefined;
  readonly signer: string | undefined;
}

export interface AnchorReader {
  domain(): AnchorDomainView | undefined;
  commitmentFor(number: bigint): AnchorCommitmentView | undefined;
  signatures(number: bigint): AnchorSignaturesView | undefined;
  proof(number: bigint): AnchorProofView | undefined;
  status(): AnchorStatusView;
}
