import type { Proposal, Vote } from '../../consensus/index.ts';

/**
 * What simulated nodes send each other. Signatures are implied: a node can only produce messages
 * with its own `from` (Byzantine ones too), but anyone may relay a message it received.
 * `status` is the peer-state gossip ("I am at height h") that lets nodes ahead send the commit of
 * a height to nodes behind, as CometBFT's peer gossip does.
 */
export type NetMessage =
  | { readonly kind: 'proposal'; readonly proposal: Proposal }
  | { readonly kind: 'vote'; readonly vote: Vote }
  | { readonly kind: 'status'; readonly height: bigint };

export function messageHeight(m: NetMessage): bigint {
  return m.kind === 'proposal' ? m.proposal.height : m.kind === 'vote' ? m.vote.height : m.height;
}
