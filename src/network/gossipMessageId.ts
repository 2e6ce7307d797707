import { createHash } from 'node:crypto';

export type GossipTopic = 'transactions' | 'consensus' | 'anchor';

/** Every topic, indexed by its wire byte. */
export const GOSSIP_TOPICS: readonly GossipTopic[] = ['transactions', 'consensus', 'anchor'];

/** The wire byte that prefixes a gossip frame. */
export function topicCode(topic: GossipTopic): number {
  return GOSSIP_TOPICS.indexOf(topic);
}

export function topicFromCode(code: number): GossipTopic | undefined {
  return GOSSIP_TOPICS[code];
}

/** `topic byte ‖ data`: what a gossip frame carries. */
export function gossipPayload(topic: GossipTopic, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + data.length);
  out[0] = topicCode(topic);
  out.set(data, 1);
  return out;
}

/** Network-wide id of a gossip message: hex sha-256 of topic byte ‖ data. Duplicates share it. */
export function gossipMessageId(topic: GossipTopic, data: Uint8Array): string {
  return messageIdOfPayload(gossipPayload(topic, data));
}

export function messageIdOfPayload(payload: Uint8Array): string {
  return createHash('sha256').update(payload).digest('hex');
}
