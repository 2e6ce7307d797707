/**
 * Helpers for the network tests: real NetworkService instances on 127.0.0.1 port 0,
 * and event-driven waits (no sleeps).
 */
import type { NetworkLogger as Logger } from './NetworkLogger.ts';
import type { GossipTopic, NetworkOptions, PeerEvent, Verdict } from './NetworkOptions.ts';
import { NetworkService } from './NetworkService.ts';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown> | undefined;
}

/** A logger that keeps every line and lets a test wait for one. */
export class RecordingLogger implements Logger {
  readonly lines: LogLine[] = [];
  readonly #waiters = new Set<() => void>();

  debug(message: string, fields?: Record<string, unknown>): void {
    this.#add('debug', message, fields);
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.#add('info', message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.#add('warn', message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.#add('error', message, fields);
  }
  child(): Logger {
    return this;
  }

  /** Resolves with the first line (already logged or future) that matches. */
  waitFor(match: (line: LogLine) => boolean): Promise<LogLine> {
    return waitUntil(
      () => this.lines.find(match),
      (wake) => {
        this.#waiters.add(wake);
        return () => this.#waiters.delete(wake);
      },
    );
  }

  #add(level: LogLine['level'], message: string, fields: Record<string, unknown> | undefined): void {
    this.lines.push({ level, message, fields });
    for (const w of [...this.#waiters]) w();
  }
}

/** Re-checks `check` whenever `subscribe` wakes it; resolves with its first defined result. */
export function waitUntil<T>(check: () => T | undefined, subscribe: (wake: () => void) => () => void): Promise<T> {
  return new Promise<T>((resolve) => {
    const first = check();
    if (first !== undefined) {
      resolve(first);
      return;
    }
    const unsubscribe = subscribe(() => {
      const v = check();
      if (v === undefined) return;
      unsubscribe();
      resolve(v);
    });
  });
}

/** Resolves once `node` counts `peerId` as connected (speaking our protocols). */
export function connectedTo(node: NetworkService, peerId: string): Promise<void> {
  return waitPeerEvent(node, 'peer:connect', () => node.peers().some((p) => p.peerId === peerId));
}

/** Resolves once `node` no longer counts `peerId` as connected. */
export function disconnectedFrom(node: NetworkService, peerId: string): Promise<void> {
  return waitPeerEvent(node, 'peer:disconnect', () => !node.peers().some((p) => p.peerId === peerId));
}

function waitPeerEvent(node: NetworkService, event: PeerEvent, done: () => boolean): Promise<void> {
  return waitUntil(
    () => (done() ? true : undefined),
    (wake) => node.on(event, wake),
  ).then(() => undefined);
}

/** Messages a node's gossip handler received, with a way to wait for them. */
export class Inbox {
  readonly messages: { data: string; from: string }[] = [];
  readonly #waiters = new Set<() => void>();

  constructor(node: NetworkService, topic: GossipTopic, verdict: Verdict = 'accept') {
    node.onGossip(topic, (data, from) => {
      this.messages.push({ data: Buffer.from(data).toString(), from });
      for (const w of [...this.#waiters]) w();
      return verdict;
    });
  }

  count(data: string): number {
    return this.messages.filter((m) => m.data === data).length;
  }

  /** Resolves once a message with this text has arrived. */
  waitFor(data: string): Promise<void> {
    return waitUntil(
      () => (this.count(data) > 0 ? true : undefined),
      (wake) => {
        this.#waiters.add(wake);
        return () => this.#waiters.delete(wake);
      },
    ).then(() => undefined);
  }
}

export const TEST_PREFIX = '/spindle/test';
export const TCP = '/ip4/127.0.0.1/tcp/0';
export const WS = '/ip4/127.0.0.1/tcp/0/ws';

/**
 * A NetworkService with test defaults (tcp on port 0, fast reconnect, a frozen clock so scores
 * do not heal while a test runs) and a recording logger.
 */
export function makeNode(overrides: Partial<NetworkOptions> = {}): { node: NetworkService; log: RecordingLogger } {
  const log = new RecordingLogger();
  const node = new NetworkService({
    nodeKey: undefined,
    listenAddrs: [TCP],
    bootnodes: [],
    protocolPrefix: TEST_PREFIX,
    maxMessageBytes: 1024,
    logger: log,
    reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    now: fakeClock().now,
    ...overrides,
  });
  return { node, log };
}

/** The listen address of `node` for a transport: 'tcp' (plain) or 'ws'. */
export function addressOf(node: NetworkService, transport: 'tcp' | 'ws'): string {
  const addr = node.listenAddresses().find((a) => (transport === 'ws' ? a.includes('/ws/') : !a.includes('/ws')));
  if (addr === undefined) throw new Error(`node has no ${transport} listen address`);
  return addr;
}

/** A manual clock for bans. */
export function fakeClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

/** Stops every node, even if some stop fails. */
export async function stopAll(nodes: readonly NetworkService[]): Promise<void> {
  await Promise.allSettled(nodes.map((n) => n.stop()));
}

export function text(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s));
}
