import { createServer, type IncomingMessage, type Server } from 'node:http';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Logger } from './Logger.ts';
import type { RpcMethods } from './types.ts';
import type { CorsSetting } from './corsPolicy.ts';
import { originAllowed } from './corsPolicy.ts';
import { Dispatcher } from './Dispatcher.ts';
import { WsConnection } from './WsConnection.ts';
import { handleHttpRequest, ORIGIN_REJECTED } from './httpHandler.ts';
import { RpcServerError } from './RpcServerError.ts';

const MiB = 1024 * 1024;

export interface RpcServerOptions {
  readonly host: string;
  /** 0 picks a free port (see the value `start` resolves with). */
  readonly port: number;
  /** `auto` is `unsafe` when bound to a loopback address only, else `safe` (Substrate's `--rpc-methods`). */
  readonly methods: 'safe' | 'unsafe' | 'auto';
  /**
   * Browser origins allowed (`--rpc-cors`), for HTTP and for WebSocket upgrades. A request
   * whose `Origin` is not allowed gets 403; requests without `Origin` (non-browser) are served.
   */
  readonly cors: CorsSetting;
  readonly logger: Logger;
  /** Open WebSocket connections; one more upgrade is refused with HTTP 429 like jsonrpsee. Default 100. */
  readonly maxConnections?: number;
  /** Default 15 MiB (`--rpc-max-request-size 15`). A WebSocket frame over twice this closes the connection (1009). */
  readonly maxRequestBytes?: number;
  /** One response or notification. Default 15 MiB (`--rpc-max-response-size 15`). */
  readonly maxResponseBytes?: number;
  /** Default 1024 (`--rpc-max-subscriptions-per-connection`). */
  readonly maxSubscriptionsPerConnection?: number;
  /**
   * Calls in one batch; a longer batch is answered with -32010. Default 256: Substrate's is
   * unlimited, but known clients (polkadot.js, polkadot-api) send no batches and 256 bounds the
   * work one message can start.
   */
  readonly maxBatchLength?: number;
  /**
   * Bytes written to a WebSocket but not yet taken by the client. A client that falls further
   * behind (it stopped reading) is disconnected and its subscriptions end, so a slow reader
   * cannot grow the node's memory without bound. Default 32 MiB: two maximal responses.
   */
  readonly maxBufferedBytes?: number;
  /** Messages processed at once per WebSocket; reading pauses at this many. Default 256. */
  readonly maxInFlightPerConnection?: number;
  /** WebSocket keep-alive ping; a client that misses one whole interval is dropped. Default 30 000; 0 = off. */
  readonly pingIntervalMs?: number;
  /** Body of `GET /health`; default Substrate's idle `{"isSyncing":false,"peers":0,"shouldHavePeers":false}`. */
  readonly health?: () => unknown;
}

/**
 * JSON-RPC 2.0 over WebSocket and HTTP on one port, answering like a Substrate node (jsonrpsee),
 * so @polkadot/api, polkadot-api and polkadot.js apps work unmodified.
 *
 * @example
 * const server = new RpcServer(
 *   { methods: { system_name: { handler: () => 'spindle' } }, subscriptions: [] },
 *   { host: '127.0.0.1', port: 9944, methods: 'auto', cors: 'all', logger },
 * );
 * const { port } = await server.start(signal);
 * // … later
 * await server.stop();
 */
export class RpcServer {
  readonly #dispatcher: Dispatcher;
  readonly #opts: RpcServerOptions;
  readonly #conns = new Set<WsConnection>();
  readonly #maxConnections: number;
  readonly #maxRequestBytes: number;
  readonly #maxResponseBytes: number;
  #nextConnectionId = 1;
  #pendingUpgrades = 0;
  #server: Server | null = null;
  #wss: WebSocketServer | null = null;
  #port = 0;
  #pinger: NodeJS.Timeout | null = null;
  #starting: Promise<{ port: number }> | null = null;
  #stopping: Promise<void> | null = null;
  #unwatchSignal: () => void = () => {};

  constructor(table: RpcMethods, opts: RpcServerOptions) {
    this.#opts = opts;
    this.#maxConnections = positive('maxConnections', opts.maxConnections ?? 100);
    this.#maxRequestBytes = positive('maxRequestBytes', opts.maxRequestBytes ?? 15 * MiB);
    this.#maxResponseBytes = positive('maxResponseBytes', opts.maxResponseBytes ?? 15 * MiB);
    const allowUnsafe = opts.methods === 'unsafe' || (opts.methods === 'auto' && isLoopback(opts.host));
    this.#dispatcher = new Dispatcher(table, {
      allowUnsafe,
      maxResponseBytes: this.#maxResponseBytes,
      maxSubscriptionsPerConnection: positive('maxSubscriptionsPerConnection', opts.maxSubscriptionsPerConnection ?? 1024),
      maxBatchLength: positive('maxBatchLength', opts.maxBatchLength ?? 256),
      logger: opts.logger,
    });
  }

  /** Every method, subscribe and unsubscribe name callable under the safe/unsafe setting, sorted (for `rpc_methods`). */
  get methodNames(): string[] {
    return [...this.#dispatcher.methodNames];
  }

  /** Open WebSocket connections (HTTP requests are not counted). */
  get connectionCount(): number {
    return this.#conns.size;
  }

  /** Listens; resolves with the bound port. Aborting `signal` stops the server. Calling it again while running returns the same port. */
  start(signal?: AbortSignal): Promise<{ port: number }> {
    if (this.#starting !== null) return this.#starting;
    this.#starting = this.#listen(signal);
    this.#starting.catch(() => {
      this.#starting = null;
    });
    return this.#starting;
  }

  /** Closes every connection and ends every subscription (teardowns run once). Idempotent. */
  stop(): Promise<void> {
    if (this.#stopping !== null) return this.#stopping;
    if (this.#starting === null) return Promise.resolve();
    this.#stopping = this.#close().finally(() => {
      this.#starting = null;
      this.#stopping = null;
    });
    return this.#stopping;
  }

  async #listen(signal: AbortSignal | undefined): Promise<{ port: number }> {
    if (signal?.aborted === true) throw new RpcServerError('ABORTED', 'RPC server start aborted');
    const server = createServer((req, res) => {
      void handleHttpRequest(req, res, {
        dispatcher: this.#dispatcher,
        cors: this.#opts.cors,
        maxRequestBytes: this.#maxRequestBytes,
        health: this.#opts.health ?? (() => ({ isSyncing: false, peers: 0, shouldHavePeers: false })),
        nextConnectionId: () => this.#nextConnectionId++,
        logger: this.#opts.logger,
      });
    });
    const wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: 2 * this.#maxRequestBytes,
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.#onUpgrade(req, socket, head));
    server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (cause: Error): void => {
        reject(new RpcServerError('LISTEN_FAILED', `RPC server cannot listen on ${this.#opts.host}:${this.#opts.port}: ${cause.message}`, undefined, { cause }));
      };
      server.once('error', onError);
      server.listen(this.#opts.port, this.#opts.host, () => {
        server.off('error', onError);
        resolve();
      });
    });
    server.on('error', (cause) => this.#opts.logger.error('rpc server error', { cause }));
    const address = server.address();
    this.#port = typeof address === 'object' && address !== null ? address.port : this.#opts.port;
    this.#server = server;
    this.#wss = wss;
    const every = this.#opts.pingIntervalMs ?? 30_000;
    if (every > 0) {
      this.#pinger = setInterval(() => {
        for (const conn of this.#conns) conn.ping();
      }, every);
      this.#pinger.unref();
    }
    if (signal !== undefined) {
      const onAbort = (): void => void this.stop();
      signal.addEventListener('abort', onAbort, { once: true });
      this.#unwatchSignal = () => signal.removeEventListener('abort', onAbort);
      if (signal.aborted) onAbort();
    }
    this.#opts.logger.info('rpc server listening', {
      host: this.#opts.host,
      port: this.#port,
      methods: this.#opts.methods,
    });
    return { port: this.#port };
  }

  #onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const onSocketError = (): void => {
      socket.destroy();
    };
    socket.on('error', onSocketError);
    const wss = this.#wss;
    if (wss === null || this.#stopping !== null) return refuse(socket, 503, 'Service Unavailable', 'RPC server is stopping\n');
    if (!originAllowed(this.#opts.cors, req.headers.origin)) return refuse(socket, 403, 'Forbidden', ORIGIN_REJECTED);
    if (this.#conns.size + this.#pendingUpgrades >= this.#maxConnections) {
      this.#opts.logger.warn('rpc connection refused: too many connections', { max: this.#maxConnections });
      return refuse(socket, 429, 'Too Many Requests', 'Too many connections. Please try again later.\n');
    }
    this.#pendingUpgrades += 1;
    wss.handleUpgrade(req, socket, head, (ws) => {
      this.#pendingUpgrades -= 1;
      socket.off('error', onSocketError);
      if (this.#stopping !== null) {
        ws.terminate();
        return;
      }
      const conn = new WsConnection(
        ws,
        this.#nextConnectionId++,
        this.#dispatcher,
        {
          maxRequestBytes: this.#maxRequestBytes,
          maxResponseBytes: this.#maxResponseBytes,
          maxBufferedBytes: this.#opts.maxBufferedBytes ?? 32 * MiB,
          maxInFlight: this.#opts.maxInFlightPerConnection ?? 256,
          logger: this.#opts.logger,
        },
        (closed) => this.#conns.delete(closed),
      );
      this.#conns.add(conn);
    });
  }

  async #close(): Promise<void> {
    if (this.#starting !== null) await this.#starting.catch(() => undefined);
    const server = this.#server;
    if (this.#pinger !== null) clearInterval(this.#pinger);
    this.#pinger = null;
    if (server === null) return;
    this.#unwatchSignal();
    this.#unwatchSignal = () => {};
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const conns = [...this.#conns];
    // Subscriptions end synchronously here; the closing handshakes are then given a moment.
    const handshakes = Promise.all(conns.map((c) => c.close()));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 2_000);
    });
    await Promise.race([handshakes, deadline]);
    clearTimeout(timer);
    for (const conn of conns) conn.terminate();
    server.closeAllConnections();
    await closed;
    this.#wss?.close();
    this.#server = null;
    this.#wss = null;
    this.#opts.logger.info('rpc server stopped', { port: this.#port });
  }
}

function refuse(socket: Duplex, status: number, reason: string, body: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RpcServerError('INVALID_OPTION', `RPC server option ${name} must be a positive integer, got ${value}`, name);
  }
  return value;
}

/** Substrate's `--rpc-methods auto` rule: loopback addresses only. */
export function isLoopback(host: string): boolean {
  const h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./i.test(h);
  return false;
}
