import { WebSocket } from 'ws';

/** A JSON-RPC response or notification as a test reads it. */
export interface WireMessage {
  readonly jsonrpc?: string;
  readonly id?: unknown;
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string; readonly data?: unknown };
  readonly method?: string;
  readonly params?: { readonly subscription: string; readonly result: unknown };
}

/**
 * A real `ws` client for tests: keeps every incoming message in order and lets a test await
 * the next one matching a predicate (event-driven, no sleeps).
 */
export class WsTestClient {
  readonly ws: WebSocket;
  readonly #inbox: unknown[] = [];
  readonly #waiters: { match: (m: unknown) => boolean; resolve: (m: unknown) => void }[] = [];
  readonly closed: Promise<number>;
  #nextId = 1;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('message', (data) => {
      const message: unknown = JSON.parse(String(data));
      const i = this.#waiters.findIndex((w) => w.match(message));
      if (i < 0) {
        this.#inbox.push(message);
        return;
      }
      const [waiter] = this.#waiters.splice(i, 1);
      waiter?.resolve(message);
    });
  }

  static connect(url: string, headers?: Record<string, string>): Promise<WsTestClient> {
    const ws = new WebSocket(url, headers === undefined ? {} : { headers });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new WsTestClient(ws)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  /** Sends a raw string, or an object as JSON. */
  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next message (already received or future) for which `match` holds, removed from the inbox. */
  next<T = WireMessage>(match: (m: WireMessage) => boolean = () => true): Promise<T> {
    const test = match as (m: unknown) => boolean;
    const i = this.#inbox.findIndex(test);
    if (i >= 0) return Promise.resolve(this.#inbox.splice(i, 1)[0] as T);
    return new Promise((resolve) => this.#waiters.push({ match: test, resolve: resolve as (m: unknown) => void }));
  }

  /** Sends a call with a fresh numeric id and resolves with its response. */
  call(method: string, params: unknown[] = []): Promise<WireMessage> {
    const id = this.#nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return this.next((m) => m.id === id);
  }

  /** Messages received and not yet taken by `next`. */
  get unread(): readonly unknown[] {
    return this.#inbox;
  }

  close(): Promise<number> {
    this.ws.close();
    return this.closed;
  }
}
