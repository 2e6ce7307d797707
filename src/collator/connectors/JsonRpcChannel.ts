import type { SubscriptionMethods, Unsubscribe } from './AppChainConnector.ts';
import { ConnectorError } from './ConnectorError.ts';

interface Pending {
  readonly method: string;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: ConnectorError) => void;
  readonly timer: NodeJS.Timeout;
}

/** Notifications kept for a subscription id whose subscribe answer has not been read yet. */
const MAX_EARLY_NOTIFICATIONS = 1024;

/**
 * JSON-RPC 2.0 client logic over a text channel that has no framing of its own (smoldot's
 * `sendJsonRpc` / `nextJsonRpcResponse`): numbers requests, matches answers to them, routes
 * notifications to subscriptions by id (keeping those that arrive before the subscribe answer),
 * and times requests out.
 *
 * @example
 * const channel = new JsonRpcChannel((text) => chain.sendJsonRpc(text), { requestTimeoutMs: 30_000 });
 * void (async () => { for (;;) channel.receive(await chain.nextJsonRpcResponse()); })();
 * const hash = await channel.request('chainSpec_v1_genesisHash', []);
 */
export class JsonRpcChannel {
  readonly #send: (text: string) => void;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, Pending>();
  readonly #subscriptions = new Map<string, (result: unknown) => void>();
  readonly #early = new Map<string, unknown[]>();
  #earlyCount = 0;
  #nextId = 1;
  #closedWith: ConnectorError | null = null;

  constructor(send: (text: string) => void, opts: { readonly requestTimeoutMs: number }) {
    this.#send = send;
    this.#timeoutMs = opts.requestTimeoutMs;
  }

  request(method: string, params: readonly unknown[]): Promise<unknown> {
    if (this.#closedWith !== null) return Promise.reject(this.#closedWith);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new ConnectorError('TIMEOUT', `${method}: no answer within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      this.#pending.set(id, { method, resolve, reject, timer });
      try {
        this.#send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      } catch (cause) {
        clearTimeout(timer);
        this.#pending.delete(id);
        reject(cause instanceof ConnectorError ? cause : new ConnectorError('NOT_CONNECTED', `${method}: cannot send: ${(cause as Error).message}`, { cause }));
      }
    });
  }

  async subscribe(methods: SubscriptionMethods, params: readonly unknown[], onNotification: (result: unknown) => void): Promise<Unsubscribe> {
    const id = await this.request(methods.subscribe, params);
    if (typeof id !== 'string' && typeof id !== 'number') throw new ConnectorError('BAD_RESPONSE', `${methods.subscribe} answered no subscription id`);
    const key = String(id);
    this.#subscriptions.set(key, onNotification);
    const early = this.#early.get(key) ?? [];
    this.#early.delete(key);
    this.#earlyCount -= early.length;
    for (const result of early) onNotification(result);
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      this.#subscriptions.delete(key);
      if (this.#closedWith === null) await this.request(methods.unsubscribe, [id]).catch(() => undefined);
    };
  }

  /** Handles one incoming message (an answer or a notification); malformed ones are ignored. */
  receive(text: string): void {
    let message: { id?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown; data?: unknown }; params?: { subscription?: unknown; result?: unknown } };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    if (typeof message.id === 'number') {
      const pending = this.#pending.get(message.id);
      if (pending === undefined) return;
      this.#pending.delete(message.id);
      clearTimeout(pending.timer);
      const error = message.error;
      if (error !== undefined && error !== null) {
        const code = typeof error.code === 'number' ? error.code : undefined;
        const why = typeof error.message === 'string' ? error.message : 'error';
        pending.reject(new ConnectorError('RPC_ERROR', `${pending.method}: ${code ?? ''} ${why}`.trim(), code === undefined ? { rpcData: error.data } : { rpcCode: code, rpcData: error.data }));
      } else {
        pending.resolve(message.result);
      }
      return;
    }
    const sub = message.params?.subscription;
    if (typeof sub !== 'string' && typeof sub !== 'number') return;
    const key = String(sub);
    const listener = this.#subscriptions.get(key);
    if (listener !== undefined) {
      listener(message.params?.result);
      return;
    }
    if (this.#earlyCount >= MAX_EARLY_NOTIFICATIONS) return;
    this.#early.set(key, [...(this.#early.get(key) ?? []), message.params?.result]);
    this.#earlyCount++;
  }

  /** Rejects every pending request with `error`; later requests reject with it too. */
  close(error: ConnectorError): void {
    if (this.#closedWith !== null) return;
    this.#closedWith = error;
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.#pending.clear();
    this.#subscriptions.clear();
    this.#early.clear();
    this.#earlyCount = 0;
  }

  get pendingCount(): number {
    return this.#pending.size;
  }
}
