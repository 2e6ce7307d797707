import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import type { Connection, Libp2p, PeerId, PrivateKey, Stream } from '@libp2p/interface';
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id';
import { tcp } from '@libp2p/tcp';
import { webSockets } from '@libp2p/websockets';
import type { Multiaddr } from '@multiformats/multiaddr';
import { createLibp2p } from 'libp2p';
import type { NetworkLogger as Logger } from './NetworkLogger.ts';
import { AsyncQueue } from './AsyncQueue.ts';
import { DEFAULT_BACKOFF } from './backoffDelay.ts';
import { BootnodeDialer } from './BootnodeDialer.ts';
import { FrameReader, encodeFrame } from './FrameReader.ts';
import { sendRequest, serveRequest } from './requestResponse.ts';
import { gossipPayload, messageIdOfPayload, topicFromCode, type GossipTopic } from './gossipMessageId.ts';
import { NetworkError, isNetworkError } from './NetworkError.ts';
import type {
  GossipHandler,
  NetworkOptions,
  PeerEvent,
  PeerInfo,
  RequestHandler,
  Verdict,
} from './NetworkOptions.ts';
import { generateNodeKey, privateKeyFromNodeKey } from './nodeKey.ts';
import { parseBootnodes, parseListenAddrs, parseMultiaddr, type Bootnode } from './parseMultiaddrs.ts';
import { DEFAULT_SCORING, PeerScores, type ScoringParams } from './PeerScores.ts';
import { SeenCache } from './SeenCache.ts';

/** A peer that speaks our protocols: our outbound gossip stream to it is open. */
interface GossipPeer {
  peerId: PeerId;
  connection: Connection;
  stream: Stream;
  queue: AsyncQueue;
}

/** An oversized gossip frame up to this many bytes is skipped (not buffered) so the stream survives it. */
const MAX_SKIP_BYTES = 16 * 1024 * 1024;

/**
 * The peer-to-peer service: libp2p over tcp and websockets, noise, yamux. It moves opaque bytes:
 * - gossip on two topics, flooded over one long-lived stream per peer (`<prefix>/gossip/1`),
 *   deduplicated network-wide by message id and re-gossiped only when the local handler accepts;
 * - request/response, one stream per request (`<prefix>/req/<name>/1`).
 * Every frame is `varint length ‖ bytes`, capped at `maxMessageBytes`. Misbehaving peers lose
 * score and are disconnected and banned below a threshold; bootnodes are redialled with backoff.
 * A peer counts as connected (`peer:connect`, `peers()`) once our gossip stream to it is open,
 * so a node of another chain (other protocol prefix) is never announced and is disconnected.
 */
export class NetworkService {
  readonly peerId: string;
  readonly #logger: Logger;
  readonly #privateKey: PrivateKey;
  readonly #generatedKey: boolean;
  readonly #listen: Multiaddr[];
  readonly #gossipProtocol: string;
  readonly #prefix: string;
  readonly #maxBytes: number;
  readonly #scoring: ScoringParams;
  readonly #scores: PeerScores;
  readonly #seen: SeenCache;
  readonly #dialer: BootnodeDialer;
  readonly #requestTimeoutMs: number;
  readonly #dialTimeoutMs: number;
  readonly #queueLimits: { maxItems: number; maxBytes: number };
  readonly #gossipHandlers = new Map<GossipTopic, GossipHandler>();
  readonly #requestHandlers = new Map<string, RequestHandler>();
  readonly #peers = new Map<string, GossipPeer>();
  readonly #opening = new Map<string, Promise<boolean>>();
  readonly #listeners: Record<PeerEvent, Set<(peerId: string) => void>> = {
    'peer:connect': new Set(),
    'peer:disconnect': new Set(),
  };
  #node: Libp2p | undefined;
  #starting: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;
  #unlistenAbort: (() => void) | undefined;

  constructor(opts: NetworkOptions) {
    if (!/^\/[\x21-\x7e]+$/.test(opts.protocolPrefix) || opts.protocolPrefix.endsWith('/')) {
      throw new NetworkError(
        { code: 'INVALID_ARGUMENT', what: 'protocolPrefix', value: opts.protocolPrefix },
        'protocolPrefix must look like /spindle/abcd (leading slash, no spaces, no trailing slash)',
      );
    }
    if (!Number.isSafeInteger(opts.maxMessageBytes) || opts.maxMessageBytes < 1) {
      throw new NetworkError(
        { code: 'INVALID_ARGUMENT', what: 'maxMessageBytes', value: String(opts.maxMessageBytes) },
        'maxMessageBytes must be a positive integer',
      );
    }
    this.#logger = opts.logger;
    this.#generatedKey = opts.nodeKey === undefined;
    this.#privateKey = privateKeyFromNodeKey(opts.nodeKey ?? generateNodeKey().secret);
    this.peerId = peerIdFromPrivateKey(this.#privateKey).toString();
    this.#listen = parseListenAddrs(opts.listenAddrs);
    const bootnodes = parseBootnodes(opts.bootnodes).filter((b) => {
      if (b.peerId !== this.peerId) return true;
      this.#logger.warn('ignoring a bootnode that is this node itself', { peer: b.peerId });
      return false;
    });
    this.#prefix = opts.protocolPrefix;
    this.#gossipProtocol = `${opts.protocolPrefix}/gossip/1`;
    this.#maxBytes = opts.maxMessageBytes;
    this.#scoring = { ...DEFAULT_SCORING, ...opts.scoring };
    this.#scores = new PeerScores(this.#scoring, opts.now ?? Date.now);
    this.#seen = new SeenCache(opts.seenCacheSize ?? 65_536);
    this.#requestTimeoutMs = opts.requestTimeoutMs ?? 10_000;
    this.#dialTimeoutMs = opts.dialTimeoutMs ?? 10_000;
    this.#queueLimits = {
      maxItems: opts.maxQueuedPerPeer ?? 1_024,
      maxBytes: opts.maxQueuedBytesPerPeer ?? Math.max(8 * 1024 * 1024, 4 * (opts.maxMessageBytes + 16)),
    };
    this.#dialer = new BootnodeDialer(
      bootnodes,
      { dial: (b) => this.#dialBootnode(b), isConnected: (id) => this.#isConnected(id) },
      { ...DEFAULT_BACKOFF, ...opts.reconnect },
      this.#logger,
    );
  }

  /** Starts listening and dials the bootnodes. Idempotent; aborting `signal` stops the service. */
  async start(signal?: AbortSignal): Promise<void> {
    if (this.#stopping !== undefined) await this.#stopping;
    if (this.#node !== undefined) return;
    if (this.#starting !== undefined) return this.#starting;
    if (signal?.aborted === true) return;
    this.#starting = this.#start(signal).finally(() => {
      this.#starting = undefined;
    });
    return this.#starting;
  }

  /** Closes every connection, stream and timer. Idempotent, safe before start. */
  async stop(): Promise<void> {
    if (this.#starting !== undefined) await this.#starting.catch(() => undefined);
    if (this.#stopping !== undefined) return this.#stopping;
    const node = this.#node;
    if (node === undefined) return;
    this.#stopping = this.#stop(node).finally(() => {
      this.#stopping = undefined;
    });
    return this.#stopping;
  }

  /** Full multiaddrs we listen on, each ending in `/p2p/<our peer id>`; empty when not started. */
  listenAddresses(): string[] {
    return this.#node?.getMultiaddrs().map((m) => m.toString()) ?? [];
  }

  /** Peers that speak our protocols, with the addresses of their open connections and their score. */
  peers(): PeerInfo[] {
    const node = this.#node;
    if (node === undefined) return [];
    return [...this.#peers].map(([peerId, p]) => ({
      peerId,
      addresses: node.getConnections(p.peerId).map((c) => c.remoteAddr.toString()),
      score: this.#scores.score(peerId),
    }));
  }

  /**
   * Floods `data` to every peer. Throws NOT_STARTED, or TOO_LARGE over `maxMessageBytes`.
   * Publishing a message already seen (published or received) does nothing, unless `resend`
   * is set: then it goes to every peer again (peers that have it drop it as a duplicate), which
   * is how a node that restarted or reconnected gets messages it missed.
   */
  publish(topic: GossipTopic, data: Uint8Array, opts: { resend?: boolean } = {}): void {
    if (this.#node === undefined) throw notStarted();
    if (data.length > this.#maxBytes) {
      throw new NetworkError(
        { code: 'TOO_LARGE', size: data.length, limit: this.#maxBytes },
        `gossip message of ${data.length} bytes is over the ${this.#maxBytes}-byte limit`,
      );
    }
    const payload = gossipPayload(topic, data);
    if (!this.#seen.add(messageIdOfPayload(payload)) && opts.resend !== true) return;
    this.#broadcast(payload, undefined);
  }

  /** Sets the handler of `topic` (one per topic; a later call replaces it). Without one, messages are ignored. */
  onGossip(topic: GossipTopic, handler: GossipHandler): void {
    this.#gossipHandlers.set(topic, handler);
  }

  /**
   * Serves `<prefix>/req/<protocol>/1`. Register before `start()`; a handler added later
   * becomes reachable asynchronously. A throwing handler resets the stream (the requester sees PROTOCOL).
   */
  handle(protocol: string, handler: RequestHandler): void {
    const id = this.#requestProtocol(protocol);
    this.#requestHandlers.set(protocol, handler);
    const node = this.#node;
    if (node !== undefined) {
      this.#registerRequestProtocol(node, protocol).catch((e: unknown) =>
        this.#logger.error('could not register request protocol', { protocol: id, error: e }),
      );
    }
  }

  /**
   * Sends one request to a connected peer and waits for its response.
   * Rejects with NetworkError: NOT_STARTED, UNKNOWN_PEER (malformed id or not connected),
   * TOO_LARGE (request or response over `maxMessageBytes`), TIMEOUT, or PROTOCOL
   * (the peer does not serve `protocol`, failed, or reset the stream).
   */
  async request(
    peerId: string,
    protocol: string,
    request: Uint8Array,
    opts?: { timeoutMs?: number },
  ): Promise<Uint8Array> {
    const node = this.#node;
    if (node === undefined) throw notStarted();
    const protocolId = this.#requestProtocol(protocol);
    if (request.length > this.#maxBytes) {
      throw new NetworkError(
        { code: 'TOO_LARGE', size: request.length, limit: this.#maxBytes },
        `request of ${request.length} bytes is over the ${this.#maxBytes}-byte limit`,
      );
    }
    const peer = this.#peers.get(peerId);
    const connection = peer === undefined ? undefined : openConnection(node, peer.peerId);
    if (connection === undefined) {
      throw new NetworkError({ code: 'UNKNOWN_PEER', peerId }, `no connection to peer ${peerId}`);
    }
    try {
      return await sendRequest({
        connection,
        peerId,
        protocolId,
        request,
        maxBytes: this.#maxBytes,
        timeoutMs: opts?.timeoutMs ?? this.#requestTimeoutMs,
      });
    } catch (e) {
      if (isNetworkError(e, 'TOO_LARGE')) this.#penalise(peerId, this.#scoring.oversizePenalty, 'oversized response');
      throw e;
    }
  }

  /**
   * Connects to `address` (a multiaddr with `/p2p/<peer id>`) once, without redialling later.
   * Resolves with the peer id once it speaks our protocols; rejects DIAL_FAILED otherwise.
   */
  async dial(address: string): Promise<string> {
    const node = this.#node;
    if (node === undefined) throw notStarted();
    const ma = parseMultiaddr(address, 'dial address');
    let connection: Connection;
    try {
      connection = await node.dial(ma, { signal: AbortSignal.timeout(this.#dialTimeoutMs) });
    } catch (e) {
      throw new NetworkError({ code: 'DIAL_FAILED', address, reason: errorMessage(e) }, `dial ${address} failed`, {
        cause: e,
      });
    }
    if (!(await this.#ensureGossip(connection.remotePeer))) {
      throw new NetworkError(
        { code: 'DIAL_FAILED', address, reason: 'peer does not speak our protocols' },
        `dial ${address} failed: the peer does not speak ${this.#gossipProtocol}`,
      );
    }
    return connection.remotePeer.toString();
  }

  /** Subscribes to a peer event; returns the unsubscribe function. */
  on(event: PeerEvent, listener: (peerId: string) => void): () => void {
    const set = this.#listeners[event];
    set.add(listener);
    return () => set.delete(listener);
  }

  // ---- lifecycle ----

  async #start(signal: AbortSignal | undefined): Promise<void> {
    const node = await createLibp2p({
      start: false,
      privateKey: this.#privateKey,
      addresses: { listen: this.#listen.map((m) => m.toString()) },
      transports: [tcp(), webSockets()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionGater: {
        denyDialPeer: (p) => this.#scores.isBanned(p.toString()),
        denyInboundEncryptedConnection: (p) => this.#scores.isBanned(p.toString()),
        denyOutboundEncryptedConnection: (p) => this.#scores.isBanned(p.toString()),
      },
      connectionManager: { dialTimeout: this.#dialTimeoutMs },
    });
    node.addEventListener('connection:open', (evt) => {
      if (this.#node === node) void this.#ensureGossip(evt.detail.remotePeer);
    });
    node.addEventListener('peer:disconnect', (evt) => {
      if (this.#node === node) this.#onPeerGone(evt.detail.toString());
    });
    await node.handle(this.#gossipProtocol, ({ stream, connection }) => void this.#readGossip(stream, connection), {
      maxInboundStreams: 2,
      maxOutboundStreams: 2,
    });
    for (const protocol of this.#requestHandlers.keys()) await this.#registerRequestProtocol(node, protocol);
    this.#node = node;
    try {
      await node.start();
    } catch (e) {
      this.#node = undefined;
      await Promise.resolve(node.stop()).catch(() => undefined);
      throw e;
    }
    this.#logger.info(`Local node identity is: ${this.peerId}`, this.#generatedKey ? { nodeKey: 'generated' } : undefined);
    for (const addr of this.listenAddresses()) this.#logger.info('listening', { address: addr });
    if (signal !== undefined) {
      const onAbort = (): void => void this.stop();
      signal.addEventListener('abort', onAbort, { once: true });
      this.#unlistenAbort = () => signal.removeEventListener('abort', onAbort);
    }
    this.#dialer.start();
  }

  async #stop(node: Libp2p): Promise<void> {
    this.#node = undefined;
    this.#unlistenAbort?.();
    this.#unlistenAbort = undefined;
    this.#dialer.stop();
    const gone = [...this.#peers.keys()];
    for (const p of this.#peers.values()) p.queue.close();
    this.#peers.clear();
    try {
      await node.stop();
    } finally {
      for (const id of gone) this.#emit('peer:disconnect', id);
      this.#logger.debug('network stopped');
    }
  }

  // ---- connections ----

  #isConnected(peerId: string): boolean {
    const node = this.#node;
    return node !== undefined && openConnection(node, peerIdFromString(peerId)) !== undefined;
  }

  async #dialBootnode(b: Bootnode): Promise<void> {
    const node = this.#node;
    if (node === undefined) throw notStarted();
    const connection = await node.dial(b.addrs, { signal: AbortSignal.timeout(this.#dialTimeoutMs) });
    if (!(await this.#ensureGossip(connection.remotePeer))) {
      throw new Error(`bootnode does not speak ${this.#gossipProtocol}`);
    }
  }

  /** Opens our gossip stream to the peer unless open or opening; resolves true when it is open. */
  #ensureGossip(peerId: PeerId): Promise<boolean> {
    const id = peerId.toString();
    if (this.#peers.has(id)) return Promise.resolve(true);
    const pending = this.#opening.get(id);
    if (pending !== undefined) return pending;
    const p = this.#openGossip(peerId).finally(() => this.#opening.delete(id));
    this.#opening.set(id, p);
    return p;
  }

  async #openGossip(peerId: PeerId): Promise<boolean> {
    const node = this.#node;
    if (node === undefined) return false;
    const id = peerId.toString();
    const connection = openConnection(node, peerId);
    if (connection === undefined) return false;
    let stream: Stream;
    try {
      stream = await connection.newStream(this.#gossipProtocol, { signal: AbortSignal.timeout(this.#dialTimeoutMs) });
    } catch (e) {
      if (this.#node !== node) return false;
      if (errorName(e) === 'UnsupportedProtocolError') {
        this.#logger.warn('peer does not speak our protocol (another chain?); disconnecting', {
          peer: id,
          protocol: this.#gossipProtocol,
        });
      } else {
        this.#logger.debug('could not open gossip stream; disconnecting', { peer: id, error: e });
      }
      await node.hangUp(peerId).catch(() => undefined);
      return false;
    }
    if (this.#node !== node) {
      stream.abort(new Error('network stopped'));
      return false;
    }
    const peer: GossipPeer = { peerId, connection, stream, queue: new AsyncQueue(this.#queueLimits) };
    this.#peers.set(id, peer);
    this.#dialer.connected(id);
    this.#logger.debug('peer connected', { peer: id, address: connection.remoteAddr.toString() });
    this.#emit('peer:connect', id);
    stream.sink(peer.queue).then(
      () => this.#onGossipStreamEnd(peer, undefined),
      (e: unknown) => this.#onGossipStreamEnd(peer, e),
    );
    return true;
  }

  #onGossipStreamEnd(peer: GossipPeer, error: unknown): void {
    peer.queue.close();
    const id = peer.peerId.toString();
    if (this.#peers.get(id) !== peer) return;
    this.#peers.delete(id);
    this.#logger.debug('gossip stream closed', { peer: id, error });
    this.#emit('peer:disconnect', id);
    const node = this.#node;
    if (node === undefined) return;
    if (peer.connection.status === 'open') {
      // The stream failed while its connection lives: that connection is of no use to us.
      peer.connection.abort(new Error('gossip stream failed'));
    }
    if (openConnection(node, peer.peerId) !== undefined) void this.#ensureGossip(peer.peerId);
  }

  /** libp2p closed the last connection to the peer. */
  #onPeerGone(id: string): void {
    const peer = this.#peers.get(id);
    if (peer !== undefined) {
      this.#peers.delete(id);
      peer.queue.close();
      peer.stream.abort(new Error('peer disconnected'));
      this.#logger.debug('peer disconnected', { peer: id });
      this.#emit('peer:disconnect', id);
    }
    this.#dialer.disconnected(id);
  }

  #emit(event: PeerEvent, peerId: string): void {
    for (const listener of [...this.#listeners[event]]) {
      try {
        listener(peerId);
      } catch (e) {
        this.#logger.error('peer event listener threw', { event, error: e });
      }
    }
  }

  // ---- gossip ----

  async #readGossip(stream: Stream, connection: Connection): Promise<void> {
    const from = connection.remotePeer.toString();
    const reader = new FrameReader(stream.source);
    try {
      for (;;) {
        // A gossip frame is the topic byte followed by the data.
        const r = await reader.next({ maxBytes: this.#maxBytes + 1, skipUpTo: MAX_SKIP_BYTES });
        if (r === undefined || this.#node === undefined) break;
        if (r.kind === 'oversized') {
          this.#logger.warn('oversized gossip dropped', { peer: from, bytes: r.length - 1, limit: this.#maxBytes });
          const banned = this.#penalise(from, this.#scoring.oversizePenalty, 'oversized gossip');
          if (banned || r.length > MAX_SKIP_BYTES) break;
          continue;
        }
        await this.#onGossipFrame(r.payload, from);
        if (this.#scores.isBanned(from)) break;
      }
    } catch (e) {
      if (isNetworkError(e, 'PROTOCOL')) this.#penalise(from, this.#scoring.protocolPenalty, e.message);
      else this.#logger.debug('gossip stream from peer ended', { peer: from, error: e });
    } finally {
      stream.abort(new Error('gossip reader done'));
    }
  }

  async #onGossipFrame(payload: Uint8Array, from: string): Promise<void> {
    const topic = payload.length === 0 ? undefined : topicFromCode(payload[0]!);
    if (topic === undefined) {
      this.#penalise(from, this.#scoring.protocolPenalty, 'unknown gossip topic');
      return;
    }
    const id = messageIdOfPayload(payload);
    if (!this.#seen.add(id)) {
      this.#logger.debug('duplicate gossip dropped', { peer: from, topic, id });
      return;
    }
    const handler = this.#gossipHandlers.get(topic);
    if (handler === undefined) {
      this.#logger.debug('gossip on a topic without handler ignored', { peer: from, topic });
      return;
    }
    let verdict: Verdict;
    try {
      verdict = await handler(payload.subarray(1), from);
    } catch (e) {
      this.#logger.error('gossip handler threw; message ignored', { topic, error: e });
      verdict = 'ignore';
    }
    if (verdict === 'accept') this.#broadcast(payload, from);
    else if (verdict === 'reject') this.#penalise(from, this.#scoring.rejectPenalty, `${topic} message rejected`);
  }

  #broadcast(payload: Uint8Array, except: string | undefined): void {
    if (this.#node === undefined) return;
    const frame = encodeFrame(payload);
    for (const [id, peer] of this.#peers) {
      if (id === except) continue;
      if (!peer.queue.push(frame)) this.#logger.debug('gossip queue full; message dropped for peer', { peer: id });
    }
  }

  /** Lowers the peer's score; bans and disconnects it below the threshold. Returns true if it was banned. */
  #penalise(peerId: string, amount: number, reason: string): boolean {
    const banned = this.#scores.penalise(peerId, amount);
    if (!banned) {
      this.#logger.debug('peer penalised', { peer: peerId, reason, amount, score: this.#scores.score(peerId) });
      return false;
    }
    this.#logger.warn('peer banned', { peer: peerId, reason, untilMs: this.#scores.bannedUntil(peerId) });
    const node = this.#node;
    if (node !== undefined) void node.hangUp(peerIdFromString(peerId)).catch(() => undefined);
    return true;
  }

  // ---- request/response ----

  #requestProtocol(name: string): string {
    if (!/^[\x21-\x7e]+$/.test(name) || name.includes('/')) {
      throw new NetworkError(
        { code: 'INVALID_ARGUMENT', what: 'protocol', value: name },
        'a request protocol name is printable ASCII without "/" (e.g. "blocks")',
      );
    }
    return `${this.#prefix}/req/${name}/1`;
  }

  async #registerRequestProtocol(node: Libp2p, protocol: string): Promise<void> {
    await node.handle(
      this.#requestProtocol(protocol),
      ({ stream, connection }) => void this.#serveRequest(protocol, stream, connection),
      { maxInboundStreams: 32, maxOutboundStreams: 32, force: true },
    );
  }

  async #serveRequest(protocol: string, stream: Stream, connection: Connection): Promise<void> {
    const from = connection.remotePeer.toString();
    const handler = this.#requestHandlers.get(protocol);
    if (handler === undefined) {
      stream.abort(new Error(`no handler for ${protocol}`));
      return;
    }
    const outcome = await serveRequest({
      stream,
      from,
      handler,
      maxBytes: this.#maxBytes,
      timeoutMs: this.#requestTimeoutMs,
    });
    const limit = this.#maxBytes;
    switch (outcome.kind) {
      case 'served':
        return;
      case 'oversized-request':
        this.#logger.warn('oversized request refused', { peer: from, protocol, bytes: outcome.bytes, limit });
        this.#penalise(from, this.#scoring.oversizePenalty, 'oversized request');
        return;
      case 'oversized-response':
        this.#logger.error('response over maxMessageBytes not sent', { protocol, bytes: outcome.bytes, limit });
        return;
      case 'malformed':
        this.#penalise(from, this.#scoring.protocolPenalty, outcome.reason);
        return;
      case 'failed':
        this.#logger.debug('request not served', { peer: from, protocol, error: outcome.error });
        return;
    }
  }
}

function openConnection(node: Libp2p, peerId: PeerId): Connection | undefined {
  return node.getConnections(peerId).find((c) => c.status === 'open');
}

function notStarted(): NetworkError {
  return new NetworkError({ code: 'NOT_STARTED' }, 'the network service is not started');
}

function errorName(e: unknown): string {
  return e instanceof Error ? e.name : '';
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
