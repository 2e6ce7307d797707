import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Metrics } from './Metrics.ts';
import { MetricsError } from './MetricsError.ts';
import { EXPOSITION_CONTENT_TYPE } from './exposition.ts';

/** Substrate's default `--prometheus-port`. */
export const DEFAULT_PROMETHEUS_PORT = 9615;

export interface MetricsServerOptions {
  /** `--prometheus-port`; default 9615. 0 picks a free port (see what `start` resolves with). */
  readonly port?: number;
  /** `--prometheus-external`: listen on 0.0.0.0 instead of 127.0.0.1. */
  readonly external?: boolean;
  /** Listen on this address instead (overrides `external`), e.g. '::1'. */
  readonly host?: string;
  /** Told about a scrape that failed (a `collect` callback threw); the scrape answers 500. */
  readonly onError?: (error: unknown) => void;
}

/**
 * The Prometheus endpoint: `GET /metrics` answers 200 with `source.render()` as
 * `text/plain; version=0.0.4`; any other method or path answers 404.
 *
 * @example
 * const server = new MetricsServer(registry, { port: 9615, external: false });
 * const { port } = await server.start(signal);
 * // curl http://127.0.0.1:9615/metrics
 * await server.stop();
 */
export class MetricsServer {
  readonly #source: Pick<Metrics, 'render'>;
  readonly #host: string;
  readonly #port: number;
  readonly #onError: (error: unknown) => void;
  #server: Server | null = null;
  #starting: Promise<{ port: number }> | null = null;
  #stopping: Promise<void> | null = null;
  #unwatchSignal: () => void = () => {};

  constructor(source: Pick<Metrics, 'render'>, opts: MetricsServerOptions = {}) {
    const port = opts.port ?? DEFAULT_PROMETHEUS_PORT;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new MetricsError({ code: 'INVALID_OPTION', option: 'port' }, `prometheus port must be an integer in 0..65535, got ${port}`);
    }
    this.#source = source;
    this.#port = port;
    this.#host = opts.host ?? (opts.external === true ? '0.0.0.0' : '127.0.0.1');
    this.#onError = opts.onError ?? (() => {});
  }

  /** The address the server listens (or will listen) on. */
  get host(): string {
    return this.#host;
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

  /** Stops listening and closes open connections. Idempotent; a stopped server may be started again. */
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
    if (signal?.aborted === true) throw new MetricsError({ code: 'ABORTED' }, 'metrics server start aborted');
    const server = createServer((req, res) => this.#handle(req, res));
    await new Promise<void>((resolve, reject) => {
      const onError = (cause: Error): void => {
        reject(
          new MetricsError(
            { code: 'LISTEN_FAILED', host: this.#host, port: this.#port },
            `metrics server cannot listen on ${this.#host}:${this.#port}: ${cause.message}`,
            { cause },
          ),
        );
      };
      server.once('error', onError);
      server.listen(this.#port, this.#host, () => {
        server.off('error', onError);
        resolve();
      });
    });
    server.on('error', (cause) => this.#onError(cause));
    this.#server = server;
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : this.#port;
    if (signal !== undefined) {
      const onAbort = (): void => void this.stop();
      signal.addEventListener('abort', onAbort, { once: true });
      this.#unwatchSignal = () => signal.removeEventListener('abort', onAbort);
      if (signal.aborted) onAbort();
    }
    return { port };
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '').split('?', 1)[0];
    if (req.method !== 'GET' || path !== '/metrics') return reply(res, 404, 'text/plain; charset=utf-8', 'Not found.\n');
    let body: string;
    try {
      body = this.#source.render();
    } catch (error) {
      this.#onError(error);
      return reply(res, 500, 'text/plain; charset=utf-8', `metrics unavailable: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    reply(res, 200, EXPOSITION_CONTENT_TYPE, body);
  }

  async #close(): Promise<void> {
    if (this.#starting !== null) await this.#starting.catch(() => undefined);
    this.#unwatchSignal();
    this.#unwatchSignal = () => {};
    const server = this.#server;
    this.#server = null;
    if (server === null) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }
}

function reply(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
