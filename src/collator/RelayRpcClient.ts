import { WebSocket } from 'ws';
import { RelayRpcError } from './RelayRpcError.ts';

export interface RelayRpcClientOptions {
  /** Calls without an answer after this long fail with TIMEOUT and close the connection (default 30 s). */
  readonly requestTimeoutMs?: number;
  /** Opening the connection fails after this long (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Aborting gives up a connection attempt (CONNECT_FAILED). */
  readonly signal?: AbortSignal;
}

interface Pending {
  readonly resolve: (result: unknown) => void;
  readonly reject: (err: RelayRpcError) => void;
  readonly timer: NodeJS.Timeout;
  /** For a subscribe call: registers the notification handler synchronously, before any notification is read. */
  readonly onSubscribed?: (id: string) => void;
}

/**
 * One JSON-RPC 2.0 connection to a relay node over a plain `ws` WebSocket: calls, and
 * subscriptions whose notifications reach a handler in arrival order. It never reconnects
 * by itself: a closed connection rejects every pending call with CONNECTION_CLOSED, resolves
 * `closed`, and the owner decides where to resume (unlike @polkadot/api's WsProvider, which
 * resubscribes with the original params — the wrong cursor for a resumable stream).
 *
 * @example
 * const client = await RelayRpcClient.connect('ws://127.0.0.1:9944');
 * const header = await client.call('chain_getHeader', []);
 * const id = await client.subscribe('spindle_subscribeParaTransactions', [100, 1], (r) => console.log(r));
 * await client.unsubscribe('spindle_unsubscribeParaTransactions', id);
 * client.close();
 */
export class RelayRpcClient {
  readonly url: string;
  /** Resolves once the connection has closed, for whatever reason. */
  readonly closed: Promise<void>;
  readonly #ws: WebSocket;
  readonly #requestTimeoutMs: number;
  readonly #pending = new Map<number, Pending>();
  readonly #subscriptions = new Map<string, (result: unknown, id: string) => void>();
  #nextId = 1;
  #isClosed = false;

  private constructor(url: string, ws: WebSocket, opts: RelayRpcClientOptions) {
    this.url = url;
    this.#ws = ws;
    this.#requestTimeoutMs = opts.requestTimeoutMs ?? 30_000;
    this.closed = new Promise((resolve) =>
      ws.once('close', () => {
        this.#isClosed = true;
        this.#subscriptions.clear();
        for (const [id, p] of this.#pending) {
          clearTimeout(p.timer);
          this.#pending.delete(id);
          p.reject(new RelayRpcError('CONNECTION_CLOSED', `connection to ${url} closed`));
        }
        resolve();
      }),
    );
    ws.on('error', () => undefined); // 'close' follows and is what counts
    ws.on('message', (data) => this.#onMessage(String(data)));
  }

  /** Opens a connection; rejects with CONNECT_FAILED. */
  static connect(url: string, opts: RelayRpcClientOptions = {}): Promise<RelayRpcClient> {
    return new Promise((resolve, reject) => {
      const signal = opts.signal;
      if (signal?.aborted === true) {
        reject(new RelayRpcError('CONNECT_FAILED', `cannot connect to ${url}: aborted`));
        return;
      }
      const ws: WebSocket = new WebSocket(url, { handshakeTimeout: opts.connectTimeoutMs ?? 10_000, maxPayload: 256 * 1024 * 1024 });
      const onAbort = (): void => fail(new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const fail = (cause: unknown): void => {
        signal?.removeEventListener('abort', onAbort);
        ws.removeAllListeners();
        ws.on('error', () => undefined);
        ws.terminate();
        reject(new RelayRpcError('CONNECT_FAILED', `cannot connect to ${url}: ${(cause as Error).message ?? String(cause)}`, undefined, { cause }));
      };
      ws.once('error', fail);
      ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
      ws.once('open', () => {
        signal?.removeEventListener('abort', onAbort);
        ws.removeAllListeners();
        resolve(new RelayRpcClient(url, ws, opts));
      });
    });
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  /** Calls `method`; resolves with its `result` or rejects with a {@link RelayRpcError}. */
  call<T = unknown>(method: string, params: readonly unknown[] = []): Promise<T> {
    return this.#request(method, params) as Promise<T>;
  }

  /**
   * Subscribes and resolves with the subscription id. `onNotification` receives each
   * notification's `result` (and the id) in order, from the first one after the response —
   * possibly before the returned promise's continuations run.
   */
  subscribe(method: string, params: readonly unknown[], onNotification: (result: unknown, id: string) => void): Promise<string> {
    return this.#request(method, params, (id) => this.#subscriptions.set(id, onNotification)) as Promise<string>;
  }

  /** Stops delivering the subscription's notifications at once, then asks the relay to end it. */
  async unsubscribe(method: string, id: string): Promise<boolean> {
    this.#subscriptions.delete(id);
    if (this.#isClosed) return false;
    return (await this.#request(method, [id])) === true;
  }

  /** Closes the connection (idempotent); `closed` resolves when it is down. */
  close(): void {
    if (this.#ws.readyState === WebSocket.CLOSED) return;
    this.#ws.terminate();
  }

  #request(method: string, params: readonly unknown[], onSubscribed?: (id: string) => void): Promise<unknown> {
    if (this.#isClosed) return Promise.reject(new RelayRpcError('CONNECTION_CLOSED', `connection to ${this.url} closed`));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new RelayRpcError('TIMEOUT', `${method} got no answer within ${this.#requestTimeoutMs} ms`));
        this.close();
      }, this.#requestTimeoutMs);
      timer.unref();
      this.#pending.set(id, { resolve, reject, timer, ...(onSubscribed === undefined ? {} : { onSubscribed }) });
      this.#ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  #onMessage(text: string): void {
    let message: { id?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown; data?: unknown }; params?: { subscription?: unknown; result?: unknown } };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (typeof message.id === 'number') {
      const p = this.#pending.get(message.id);
      if (p === undefined) return;
      this.#pending.delete(message.id);
      clearTimeout(p.timer);
      if (message.error !== undefined) {
        const code = typeof message.error.code === 'number' ? message.error.code : 0;
        p.reject(new RelayRpcError('RPC_ERROR', String(message.error.message ?? 'error'), { code, ...(message.error.data === undefined ? {} : { data: message.error.data }) }));
        return;
      }
      if (p.onSubscribed !== undefined && typeof message.result === 'string') p.onSubscribed(message.result);
      p.resolve(message.result);
      return;
    }
    const sub = message.params?.subscription;
    if (typeof sub === 'string') this.#subscriptions.get(sub)?.(message.params?.result, sub);
  }
}
