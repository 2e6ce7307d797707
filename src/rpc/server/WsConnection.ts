import { WebSocket, type RawData } from 'ws';
import type { Logger } from './Logger.ts';
import type { RpcContext } from './types.ts';
import type { Dispatcher } from './Dispatcher.ts';
import { SubscriptionRegistry } from './SubscriptionRegistry.ts';
import { RpcError } from './RpcError.ts';
import { errorJson } from './Dispatcher.ts';

export interface WsConnectionOptions {
  readonly maxRequestBytes: number;
  readonly maxResponseBytes: number;
  /** A client that lets this many bytes pile up unsent (it does not read) is disconnected. */
  readonly maxBufferedBytes: number;
  /** Reading pauses while this many messages of the connection are being processed. */
  readonly maxInFlight: number;
  readonly logger: Logger;
}

/**
 * One WebSocket client: reads frames, dispatches them, writes answers and notifications,
 * and on close ends every subscription of the connection exactly once.
 */
export class WsConnection {
  readonly ctx: RpcContext;
  readonly subscriptions: SubscriptionRegistry;
  readonly #ws: WebSocket;
  readonly #dispatcher: Dispatcher;
  readonly #opts: WsConnectionOptions;
  readonly #onClosed: (conn: WsConnection) => void;
  #inFlight = 0;
  #alive = true;
  #closed = false;

  constructor(
    ws: WebSocket,
    connectionId: number,
    dispatcher: Dispatcher,
    opts: WsConnectionOptions,
    onClosed: (conn: WsConnection) => void,
  ) {
    this.ctx = { connectionId, transport: 'ws' };
    this.#ws = ws;
    this.#dispatcher = dispatcher;
    this.#opts = opts;
    this.#onClosed = onClosed;
    this.subscriptions = new SubscriptionRegistry({
      connectionId,
      send: (text) => this.#send(text),
      maxResponseBytes: opts.maxResponseBytes,
      logger: opts.logger,
    });
    ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    ws.on('pong', () => {
      this.#alive = true;
    });
    ws.on('error', (err) => opts.logger.debug('rpc ws connection error', { connectionId, cause: err }));
    ws.on('close', () => this.#cleanup());
    opts.logger.debug('rpc ws connected', { connectionId });
  }

  /** Keep-alive: terminates a client that did not answer the previous ping. */
  ping(): void {
    if (!this.#alive) {
      this.#opts.logger.debug('rpc ws client missed a ping; disconnecting', { connectionId: this.ctx.connectionId });
      this.#ws.terminate();
      return;
    }
    this.#alive = false;
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.ping();
  }

  /** Ends the subscriptions now and closes the socket (1001 going away); resolves once closed. */
  close(): Promise<void> {
    this.#cleanup();
    if (this.#ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.#ws.once('close', () => resolve());
      this.#ws.close(1001, 'server stopping');
    });
  }

  /** Drops the socket without a closing handshake. */
  terminate(): void {
    this.#cleanup();
    this.#ws.terminate();
  }

  #onMessage(data: RawData, _isBinary: boolean): void {
    const bytes = rawLength(data);
    if (bytes > this.#opts.maxRequestBytes) {
      this.#opts.logger.warn('rpc ws request exceeds maxRequestBytes', { connectionId: this.ctx.connectionId, bytes });
      this.#send(errorJson(null, new RpcError('OVERSIZED_REQUEST', undefined, `Exceeded max limit of ${this.#opts.maxRequestBytes}`)));
      return;
    }
    const text = rawText(data);
    this.#inFlight += 1;
    if (this.#inFlight === this.#opts.maxInFlight) this.#ws.pause();
    void this.#dispatcher.dispatch(text, this).then((answer) => {
      this.#inFlight -= 1;
      if (this.#inFlight === this.#opts.maxInFlight - 1) this.#ws.resume();
      if (answer.text === null) return answer.written();
      if (this.#send(answer.text)) answer.written();
      else answer.dropped();
    }).catch((cause: unknown) => {
      this.#opts.logger.error('rpc ws message handling failed', { connectionId: this.ctx.connectionId, cause });
    });
  }

  /** Writes one frame; false when the socket is gone. Disconnects a client that stopped reading. */
  #send(text: string): boolean {
    if (this.#closed || this.#ws.readyState !== WebSocket.OPEN) return false;
    this.#ws.send(text);
    const buffered = this.#ws.bufferedAmount;
    if (buffered > this.#opts.maxBufferedBytes) {
      this.#opts.logger.warn('rpc ws client is not reading; disconnecting', { connectionId: this.ctx.connectionId, buffered });
      this.terminate();
      return false;
    }
    return true;
  }

  #cleanup(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.subscriptions.closeAll();
    this.#onClosed(this);
    this.#opts.logger.debug('rpc ws disconnected', { connectionId: this.ctx.connectionId });
  }
}

function rawLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data.byteLength;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
