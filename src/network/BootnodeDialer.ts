import type { NetworkLogger as Logger } from './NetworkLogger.ts';
import { backoffDelay, type BackoffParams } from './backoffDelay.ts';
import type { Bootnode } from './parseMultiaddrs.ts';

/** What the dialer needs from the network service. */
export interface BootnodeDialerHost {
  /** Opens a connection; rejects when it cannot. */
  dial(bootnode: Bootnode): Promise<void>;
  /** True while at least one connection to the peer is open. */
  isConnected(peerId: string): boolean;
}

interface DialState {
  bootnode: Bootnode;
  attempt: number;
  timer: NodeJS.Timeout | undefined;
  dialing: boolean;
}

/**
 * Keeps the node connected to its bootnodes: dials them at start, and whenever a bootnode
 * connection is lost or a dial fails, dials again after an exponential, capped backoff.
 * The backoff resets only when the peer is fully connected (`connected()`), so a peer that
 * accepts and then drops us (ban, wrong chain) is retried ever more slowly.
 */
export class BootnodeDialer {
  readonly #host: BootnodeDialerHost;
  readonly #params: BackoffParams;
  readonly #logger: Logger;
  readonly #states = new Map<string, DialState>();
  #running = false;

  constructor(bootnodes: readonly Bootnode[], host: BootnodeDialerHost, params: BackoffParams, logger: Logger) {
    this.#host = host;
    this.#params = params;
    this.#logger = logger;
    for (const b of bootnodes) this.#states.set(b.peerId, { bootnode: b, attempt: 0, timer: undefined, dialing: false });
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    for (const s of this.#states.values()) void this.#dial(s);
  }

  stop(): void {
    this.#running = false;
    for (const s of this.#states.values()) {
      clearTimeout(s.timer);
      s.timer = undefined;
    }
  }

  /** The peer speaks our protocols: reset its backoff. */
  connected(peerId: string): void {
    const s = this.#states.get(peerId);
    if (s === undefined) return;
    s.attempt = 0;
    clearTimeout(s.timer);
    s.timer = undefined;
  }

  /** The last connection to the peer closed. */
  disconnected(peerId: string): void {
    const s = this.#states.get(peerId);
    if (s === undefined || s.dialing) return; // an in-flight dial checks the outcome itself
    this.#schedule(s, 'disconnected');
  }

  #schedule(s: DialState, reason: string): void {
    if (!this.#running || s.timer !== undefined) return;
    const delayMs = backoffDelay(s.attempt, this.#params);
    s.attempt++;
    this.#logger.debug('bootnode redial scheduled', { peer: s.bootnode.peerId, reason, delayMs, attempt: s.attempt });
    s.timer = setTimeout(() => {
      s.timer = undefined;
      void this.#dial(s);
    }, delayMs);
  }

  async #dial(s: DialState): Promise<void> {
    if (!this.#running || s.dialing || this.#host.isConnected(s.bootnode.peerId)) return;
    s.dialing = true;
    let reason: string | undefined;
    try {
      await this.#host.dial(s.bootnode);
    } catch (e) {
      reason = e instanceof Error ? e.message : String(e);
    } finally {
      s.dialing = false;
    }
    if (!this.#running) return;
    if (reason !== undefined) {
      this.#logger.debug('bootnode dial failed', { peer: s.bootnode.peerId, reason });
      this.#schedule(s, 'dial failed');
    } else if (!this.#host.isConnected(s.bootnode.peerId)) {
      this.#schedule(s, 'dropped');
    }
  }
}
