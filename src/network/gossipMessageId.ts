import { createHash } from 'node:crypto';

export type GossipTopic = 'transactions' | 'consensus';

export const GOSSIP_TOPICS: readonly GossipTopic[] = ['transactions', 'consensus'];

/** The wire byte that prefixes a gossip frame. */
export function topicCode(topic: GossipTopic): number {
  return topic === 'transactions' ? 0 : 1;
}

export function topicFromCode(code: number): GossipTopic | undefined {
  return code === 0 ? 'transactions' : code === 1 ? 'consensus' : undefined;
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
