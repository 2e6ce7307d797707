import type { NetworkLogger as Logger } from './NetworkLogger.ts';
import type { BackoffParams } from './backoffDelay.ts';
import type { GossipTopic } from './gossipMessageId.ts';
import type { ScoringParams } from './PeerScores.ts';

export type { GossipTopic };

/** A gossip handler's judgement: `accept` re-gossips, `ignore` drops, `reject` drops and penalises the sender. */
export type Verdict = 'accept' | 'ignore' | 'reject';

export type GossipHandler = (data: Uint8Array, from: string) => Verdict | Promise<Verdict>;
export type RequestHandler = (request: Uint8Array, from: string) => Promise<Uint8Array>;
export type PeerEvent = 'peer:connect' | 'peer:disconnect';

export interface PeerInfo {
  peerId: string;
  /** Remote addresses of the open connections. */
  addresses: string[];
  score: number;
}

export interface NetworkOptions {
  /** 32-byte ed25519 secret (Substrate `--node-key`); undefined = generate one (its peer id is logged). */
  nodeKey: Uint8Array | undefined;
  /** Multiaddrs to listen on, e.g. `/ip4/127.0.0.1/tcp/0` and `/ip4/127.0.0.1/tcp/0/ws`. */
  listenAddrs: string[];
  /** Multiaddrs with `/p2p/<peer id>`; kept connected, with capped exponential backoff. */
  bootnodes: string[];
  /** Prefix of every protocol id, e.g. `/spindle/<genesis hash prefix>`: different chains never talk. */
  protocolPrefix: string;
  /** Largest gossip message, request or response (bytes of data, excluding framing). */
  maxMessageBytes: number;
  logger: Logger;
  /** Clock (ms) for bans and score recovery. Default `Date.now`. */
  now?: () => number;
  scoring?: Partial<ScoringParams>;
  reconnect?: Partial<BackoffParams>;
  /** Default deadline of `request()` and of serving one inbound request. Default 10 s. */
  requestTimeoutMs?: number;
  /** Deadline of one dial, including the protocol handshake. Default 10 s. */
  dialTimeoutMs?: number;
  /** How many gossip message ids are remembered for deduplication. Default 65,536. */
  seenCacheSize?: number;
  /** Gossip frames queued for one peer before further ones are dropped for it. Default 1,024. */
  maxQueuedPerPeer?: number;
  /** Bytes of gossip queued for one peer before further frames are dropped. Default max(8 MiB, 4 × maxMessageBytes). */
  maxQueuedBytesPerPeer?: number;
}
