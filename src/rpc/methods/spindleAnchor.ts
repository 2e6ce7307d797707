import { numberParam } from '../server/index.ts';
import type { AnchorCommitmentView, AnchorReader } from '../AnchorReader.ts';
import type { Handler, MethodDeps } from './types.ts';

/**
 * `spindle_anchor*`: what a node knows about anchoring the relay order on Ethereum. Block
 * numbers may be JSON numbers or hex; a block whose anchor period has not closed yet (or a
 * node without anchoring) answers `null`. u64 values travel as decimal strings.
 *
 * The signed digest (see src/anchor/contracts/SpindleAnchor.sol):
 *   keccak256(abi.encode(domainTag, chainId, contract, genesisHash,
 *                        (fromBlock, toBlock, blocksRoot, setId, nextSetHash)))
 */

const reader = ({ backend }: MethodDeps): AnchorReader | undefined => backend.anchor;

const block = (params: readonly unknown[]): bigint => numberParam(params, 0, { name: 'blockNumber' });

function commitmentJson(c: AnchorCommitmentView): Record<string, string> {
  return { fromBlock: c.fromBlock.toString(), toBlock: c.toBlock.toString(), blocksRoot: c.blocksRoot, setId: c.setId.toString(), nextSetHash: c.nextSetHash };
}

/**
 * The signing domain: `{domainTag, chainId, contract, genesisHash}`, or null when the node
 * has no anchor contract configured.
 */
export const spindle_anchorDomain: Handler = (deps) => {
  const d = reader(deps)?.domain();
  return d === undefined ? null : { domainTag: d.domainTag, chainId: d.chainId.toString(), contract: d.contract, genesisHash: d.genesisHash };
};

/** The commitment covering a block: `{fromBlock, toBlock, blocksRoot, setId, nextSetHash}`. */
export const spindle_anchorCommitment: Handler = (deps, params) => {
  const c = reader(deps)?.commitmentFor(block(params));
  return c === undefined ? null : commitmentJson(c);
};

/**
 * The signatures this node has gathered on the commitment covering a block:
 * `{commitment, digest, signatures: [{signer, r, s, v}] (sorted by signer), signedWeight, totalWeight, quorum}`.
 */
export const spindle_anchorSignatures: Handler = (deps, params) => {
  const s = reader(deps)?.signatures(block(params));
  if (s === undefined) return null;
  return {
    commitment: commitmentJson(s.commitment),
    digest: s.digest ?? null,
    signatures: s.signatures.map((x) => ({ signer: x.signer, r: x.r, s: x.s, v: x.v })),
    signedWeight: s.signedWeight.toString(),
    totalWeight: s.totalWeight.toString(),
    quorum: s.signedWeight * 3n > s.totalWeight * 2n,
  };
};

/**
 * A block's inclusion proof in its commitment, in the shape `SpindleAnchor.verifyBlock` and
 * `verifyParaSlice` take: `{commitment, number, headerHash, paraRoot, leafIndex, leafCount, proof}`.
 */
export const spindle_anchorProof: Handler = (deps, params) => {
  const p = reader(deps)?.proof(block(params));
  if (p === undefined) return null;
  return {
    commitment: commitmentJson(p.commitment),
    number: p.number.toString(),
    headerHash: p.headerHash,
    paraRoot: p.paraRoot,
    leafIndex: p.leafIndex,
    leafCount: p.leafCount,
    proof: [...p.proof],
  };
};

/** `{lastCommittedBlock, anchoredBlock, signer}`: how far periods are cut and (when this node submits) anchored. */
export const spindle_anchorStatus: Handler = (deps) => {
  const s = reader(deps)?.status();
  if (s === undefined) return null;
  return { lastCommittedBlock: s.lastCommittedBlock.toString(), anchoredBlock: s.anchoredBlock?.toString() ?? null, signer: s.signer ?? null };
};
