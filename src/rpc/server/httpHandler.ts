import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from './Logger.ts';
import type { Dispatcher } from './Dispatcher.ts';
import { originAllowed, type CorsSetting } from './corsPolicy.ts';
import { RpcError } from './RpcError.ts';
import { errorJson } from './Dispatcher.ts';

export interface HttpHandlerOptions {
  readonly dispatcher: Dispatcher;
  readonly cors: CorsSetting;
  readonly maxRequestBytes: number;
  /** Body of `GET /health` (Substrate's `system_health` shape). */
  readonly health: () => unknown;
  readonly nextConnectionId: () => number;
  readonly logger: Logger;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';
export const ORIGIN_REJECTED = 'Origin of the request is not allowed (--rpc-cors).\n';

/**
 * Serves one plain HTTP request the way a Substrate node does: `POST` with a JSON-RPC body
 * (single or batch), `GET /health` and `GET /health/readiness`, CORS preflight; anything else 405.
 * Never throws: failures are answered (or the socket dropped when the client is gone).
 */
export async function handleHttpRequest(req: IncomingMessage, res: ServerResponse, opts: HttpHandlerOptions): Promise<void> {
  try {
    await route(req, res, opts);
  } catch (cause) {
    opts.logger.error('rpc http request failed', { cause });
    if (!res.headersSent && !res.destroyed) reply(res, 500, TEXT_TYPE, 'Internal server error\n');
    else res.destroy();
  }
}

async function route(req: IncomingMessage, res: ServerResponse, opts: HttpHandlerOptions): Promise<void> {
  const origin = req.headers.origin;
  if (!originAllowed(opts.cors, origin)) return reply(res, 403, TEXT_TYPE, ORIGIN_REJECTED);
  if (origin !== undefined) {
    res.setHeader('Access-Control-Allow-Origin', opts.cors === 'all' ? '*' : origin);
    res.setHeader('Vary', 'Origin');
  }
  const method = req.method ?? '';
  if (method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'POST, GET, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? 'content-type');
    res.setHeader('Access-Control-Max-Age', '86400');
    return reply(res, 200, TEXT_TYPE, '');
  }
  if (method === 'GET') {
    const path = pathOf(req.url);
    if (path === '/health') return reply(res, 200, JSON_TYPE, JSON.stringify(await opts.health()));
    if (path === '/health/readiness') return reply(res, isReady(await opts.health()) ? 200 : 500, TEXT_TYPE, '');
  }
  if (method !== 'POST') {
    res.setHeader('Allow', 'POST, GET, OPTIONS');
    return reply(res, 405, TEXT_TYPE, 'Used HTTP Method is not allowed. POST is required\n');
  }
  if (!isJson(req.headers['content-type'])) {
    return reply(res, 415, TEXT_TYPE, 'Supplied content type is not allowed. Content-Type: application/json is required\n');
  }
  const body = await readBody(req, opts.maxRequestBytes);
  if (body === 'aborted') return;
  if (body === 'too-large') {
    const error = new RpcError('OVERSIZED_REQUEST', undefined, `Exceeded max limit of ${opts.maxRequestBytes}`);
    res.setHeader('Connection', 'close');
    res.once('finish', () => req.destroy());
    return reply(res, 413, JSON_TYPE, errorJson(null, error));
  }
  const ctx = { connectionId: opts.nextConnectionId(), transport: 'http' } as const;
  const answer = await opts.dispatcher.dispatch(body, { ctx, subscriptions: null });
  reply(res, 200, JSON_TYPE, answer.text ?? '');
  answer.written();
}

function reply(res: ServerResponse, status: number, type: string, body: string): void {
  if (res.destroyed) return;
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

function pathOf(url: string | undefined): string {
  const path = (url ?? '/').split('?', 1)[0] ?? '/';
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function isJson(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  return contentType.split(';', 1)[0]?.trim().toLowerCase() === 'application/json';
}

/** Substrate: ready when not syncing and either has peers or should not need any. */
function isReady(health: unknown): boolean {
  if (typeof health !== 'object' || health === null) return true;
  const h = health as { isSyncing?: unknown; peers?: unknown; shouldHavePeers?: unknown };
  const hasPeers = typeof h.peers === 'number' && h.peers > 0;
  return h.isSyncing !== true && (hasPeers || h.shouldHavePeers !== true);
}

function readBody(req: IncomingMessage, max: number): Promise<string | 'too-large' | 'aborted'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) return Promise.resolve('too-large');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (value: string | 'too-large' | 'aborted'): void => {
      req.removeAllListeners('data');
      resolve(value);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.pause();
        finish('too-large');
      } else chunks.push(chunk);
    });
    req.once('end', () => finish(Buffer.concat(chunks).toString('utf8')));
    req.once('error', () => finish('aborted'));
    req.once('close', () => {
      if (!req.complete) finish('aborted');
    });
  });
}
