import type { Connection, Stream } from '@libp2p/interface';
import { FrameReader, encodeFrame } from './FrameReader.ts';
import { NetworkError, isNetworkError } from './NetworkError.ts';
import type { RequestHandler } from './NetworkOptions.ts';

export interface SendRequestParams {
  connection: Connection;
  peerId: string;
  protocolId: string;
  request: Uint8Array;
  maxBytes: number;
  timeoutMs: number;
}

/**
 * One request on a fresh stream: writes the request frame, closes our side, reads one response frame.
 * Throws NetworkError TOO_LARGE (response over `maxBytes`), TIMEOUT, or PROTOCOL (unsupported
 * protocol, reset, no response).
 */
export async function sendRequest(p: SendRequestParams): Promise<Uint8Array> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), p.timeoutMs);
  let stream: Stream | undefined;
  const abortStream = (): void => stream?.abort(new Error(`request timed out after ${p.timeoutMs} ms`));
  deadline.signal.addEventListener('abort', abortStream, { once: true });
  try {
    stream = await p.connection.newStream(p.protocolId, { signal: deadline.signal });
    if (deadline.signal.aborted) abortStream();
    await stream.sink([encodeFrame(p.request)]);
    const r = await new FrameReader(stream.source).next({ maxBytes: p.maxBytes });
    if (r === undefined) throw new Error('stream closed without a response');
    if (r.kind === 'oversized') {
      stream.abort(new Error('response too large'));
      throw new NetworkError(
        { code: 'TOO_LARGE', size: r.length, limit: p.maxBytes },
        `response of ${r.length} bytes from ${p.peerId} is over the ${p.maxBytes}-byte limit`,
      );
    }
    await stream.close().catch(() => undefined);
    return r.payload;
  } catch (e) {
    if (isNetworkError(e, 'TOO_LARGE')) throw e;
    if (deadline.signal.aborted) {
      throw new NetworkError(
        { code: 'TIMEOUT', peerId: p.peerId, protocol: p.protocolId, timeoutMs: p.timeoutMs },
        `request ${p.protocolId} to ${p.peerId} timed out after ${p.timeoutMs} ms`,
        { cause: e },
      );
    }
    stream?.abort(e instanceof Error ? e : new Error(String(e)));
    const reason =
      e instanceof Error && e.name === 'UnsupportedProtocolError' ? 'protocol not supported by the peer' : errorMessage(e);
    throw new NetworkError(
      { code: 'PROTOCOL', peerId: p.peerId, protocol: p.protocolId, reason },
      `request ${p.protocolId} to ${p.peerId} failed: ${reason}`,
      { cause: e },
    );
  } finally {
    clearTimeout(timer);
    deadline.signal.removeEventListener('abort', abortStream);
  }
}

export interface ServeRequestParams {
  stream: Stream;
  from: string;
  handler: RequestHandler;
  maxBytes: number;
  timeoutMs: number;
}

/** How serving one inbound request ended; the caller logs and scores from it. */
export type ServeOutcome =
  | { kind: 'served' }
  | { kind: 'oversized-request'; bytes: number }
  | { kind: 'oversized-response'; bytes: number }
  | { kind: 'malformed'; reason: string }
  | { kind: 'failed'; error: unknown };

/**
 * Serves one inbound request stream: reads one frame (at most `maxBytes`), calls the handler,
 * writes its response. Any failure resets the stream, so the requester sees PROTOCOL.
 * The stream is reset after `timeoutMs` whatever the handler does.
 */
export async function serveRequest(p: ServeRequestParams): Promise<ServeOutcome> {
  const { stream } = p;
  const timer = setTimeout(() => stream.abort(new Error('request not served in time')), p.timeoutMs);
  timer.unref();
  try {
    const r = await new FrameReader(stream.source).next({ maxBytes: p.maxBytes });
    if (r === undefined) throw new Error('stream closed without a request');
    if (r.kind === 'oversized') {
      stream.abort(new Error('request too large'));
      return { kind: 'oversized-request', bytes: r.length };
    }
    const response = await p.handler(r.payload, p.from);
    if (response.length > p.maxBytes) {
      stream.abort(new Error('response too large'));
      return { kind: 'oversized-response', bytes: response.length };
    }
    await stream.sink([encodeFrame(response)]);
    await stream.close();
    return { kind: 'served' };
  } catch (e) {
    stream.abort(e instanceof Error ? e : new Error(String(e)));
    return isNetworkError(e, 'PROTOCOL') ? { kind: 'malformed', reason: e.message } : { kind: 'failed', error: e };
  } finally {
    clearTimeout(timer);
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
