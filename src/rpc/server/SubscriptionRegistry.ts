import type { Logger } from './Logger.ts';
import type { SubscriptionDef, SubscriptionSink, Teardown } from './types.ts';
import { subscriptionId } from './subscriptionId.ts';

export interface SubscriptionRegistryOptions {
  readonly connectionId: number;
  /** Writes one text frame to the connection (the transport applies its own back-pressure bound). */
  readonly send: (text: string) => void;
  readonly maxResponseBytes: number;
  readonly logger: Logger;
}

/**
 * The live subscriptions of one WebSocket connection. Each subscription's teardown runs exactly
 * once, whichever comes first: unsubscribe, `sink.close()`, the connection closing, or the server
 * stopping.
 */
export class SubscriptionRegistry {
  readonly #subs = new Map<string, ActiveSubscription>();
  readonly #opts: SubscriptionRegistryOptions;

  constructor(opts: SubscriptionRegistryOptions) {
    this.#opts = opts;
  }

  get size(): number {
    return this.#subs.size;
  }

  /** Registers a new subscription whose notifications are held until `activate()`. */
  open(def: SubscriptionDef): ActiveSubscription {
    let id = subscriptionId();
    while (this.#subs.has(id)) id = subscriptionId();
    const sub = new ActiveSubscription(id, def, this.#opts, () => this.#subs.delete(id));
    this.#subs.set(id, sub);
    return sub;
  }

  /** Ends the subscription `id` if it belongs to one of `defs`; `false` when there is none. */
  unsubscribe(id: string, defs: ReadonlySet<SubscriptionDef>): boolean {
    const sub = this.#subs.get(id);
    if (sub === undefined || !defs.has(sub.def)) return false;
    sub.close();
    return true;
  }

  /** Ends every subscription (connection closed or server stopping). */
  closeAll(): void {
    for (const sub of [...this.#subs.values()]) sub.dropQueued().close();
  }
}

/** One subscription: the sink given to its handler, plus the server's bookkeeping. */
export class ActiveSubscription implements SubscriptionSink {
  readonly id: string;
  readonly def: SubscriptionDef;
  readonly #opts: SubscriptionRegistryOptions;
  readonly #unregister: () => void;
  #closed = false;
  #teardown: Teardown | undefined;
  #teardownDone = false;
  /** Notifications produced before the subscribe response was written; `null` once live. */
  #queue: string[] | null = [];

  constructor(id: string, def: SubscriptionDef, opts: SubscriptionRegistryOptions, unregister: () => void) {
    this.id = id;
    this.def = def;
    this.#opts = opts;
    this.#unregister = unregister;
  }

  get closed(): boolean {
    return this.#closed;
  }

  next(result: unknown): void {
    if (this.#closed) return;
    const text = this.#encode(result);
    if (text === undefined) return;
    if (this.#queue !== null) this.#queue.push(text);
    else this.#opts.send(text);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unregister();
    this.#runTeardown();
  }

  /** The subscribe response has been written: send what was queued (even if already closed, e.g. a final `stop` event). */
  activate(): void {
    const queue = this.#queue;
    this.#queue = null;
    if (queue !== null) for (const text of queue) this.#opts.send(text);
  }

  /** Forgets queued notifications (their subscribe response was never delivered). */
  dropQueued(): this {
    if (this.#queue !== null) this.#queue = [];
    return this;
  }

  /** The handler's teardown arrived (possibly after the subscription had already ended: then it runs now). */
  setTeardown(teardown: unknown): void {
    if (typeof teardown !== 'function') {
      this.#opts.logger.warn('rpc subscription handler returned no teardown', { method: this.def.subscribe });
      return;
    }
    this.#teardown = teardown as Teardown;
    if (this.#closed) this.#runTeardown();
  }

  /** The handler rejected the subscribe call: remove without running any teardown (there is none). */
  discard(): void {
    this.#closed = true;
    this.#queue = null;
    this.#unregister();
  }

  #runTeardown(): void {
    const teardown = this.#teardown;
    if (teardown === undefined || this.#teardownDone) return;
    this.#teardownDone = true;
    try {
      teardown();
    } catch (cause) {
      this.#opts.logger.error('rpc subscription teardown threw', { method: this.def.subscribe, cause });
    }
  }

  #encode(result: unknown): string | undefined {
    let text: string;
    try {
      text = JSON.stringify({
        jsonrpc: '2.0',
        method: this.def.notification,
        params: { subscription: this.id, result: result === undefined ? null : result },
      });
    } catch (cause) {
      this.#opts.logger.error('rpc notification is not serialisable; dropped', { method: this.def.notification, cause });
      return undefined;
    }
    const bytes = Buffer.byteLength(text);
    if (bytes > this.#opts.maxResponseBytes) {
      this.#opts.logger.warn('rpc notification exceeds maxResponseBytes; dropped', {
        method: this.def.notification,
        bytes,
        connectionId: this.#opts.connectionId,
      });
      return undefined;
    }
    return text;
  }
}
