import { initHashing } from '../primitives/hashing.ts';
import { silentLogger, type CollatorLogger } from './CollatorLogger.ts';
import { CursorFile, type RelayCursor } from './CursorFile.ts';
import type { OrderedSlice, ParaTransaction } from './ParaTransaction.ts';
import { RelayFollowerError } from './RelayFollowerError.ts';
import { RelayRpcClient } from './RelayRpcClient.ts';
import { RelayRpcError } from './RelayRpcError.ts';
import { verifyParaTransactions } from './verifyParaTransactions.ts';
import { WakeSignal } from './WakeSignal.ts';

export interface RelayFollowerOptions {
  /** The relay node's JSON-RPC WebSocket endpoint, e.g. `ws://127.0.0.1:9944`. */
  readonly relayUrl: string;
  readonly paraId: number;
  /** Directory of the persisted cursor (`relay-cursor-<paraId>.json`), created if needed. */
  readonly cursorDir: string;
  /** First relay block to stream when no cursor is stored (default 1). */
  readonly startBlock?: bigint;
  /** Received slices held for the consumer before the subscription is paused (default 256); it resumes at a quarter. */
  readonly maxBufferedSlices?: number;
  /** First reconnection delay, doubled after each failed attempt up to `maxReconnectDelayMs` (defaults 100 ms, 5 s). */
  readonly reconnectDelayMs?: number;
  readonly maxReconnectDelayMs?: number;
  /** A relay call without an answer for this long drops the connection (default 30 s). */
  readonly requestTimeoutMs?: number;
  readonly logger?: CollatorLogger;
}

const SUBSCRIBE = 'spindle_subscribeParaTransactions';
const UNSUBSCRIBE = 'spindle_unsubscribeParaTransactions';
/** JSON-RPC codes after which subscribing again cannot help. */
const PERMANENT_RPC_CODES = new Set([7001, -32601, -32602]);

type HeaderResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

interface Received {
  readonly json: { readonly blockHash?: unknown };
  readonly number: bigint;
  header: Promise<HeaderResult>;
}

interface Subscription {
  id: string | undefined;
}

/**
 * Follows a para's ordered slices of finalized relay blocks: subscribes to a relay node with
 * `spindle_subscribeParaTransactions(paraId, cursor + 1)`, verifies every slice against its
 * relay header (`chain_getHeader`: the header hashes to the block hash, is the child of the
 * previous block, its `spdl` digest is the para root the slice's proof leads to — see
 * {@link verifyParaTransactions}) and hands them out in relay order, one per relay block,
 * empty ones included.
 *
 * Delivery is exactly-once within a run and resumable across runs: the consumer calls
 * `commit(n)` once it has processed slice `n`; the cursor is fsync'd under `cursorDir`, and
 * the next start resumes at `n + 1`. When the relay goes away the follower reconnects (with
 * backoff) and resubscribes after the last slice it received, so nothing is skipped or repeated.
 * A slice that fails verification is logged and ends the stream with a `RelayFollowerError`
 * (`INVALID_SLICE`): a relay that serves wrong data is not followed past it.
 *
 * @example
 * const follower = new RelayFollower({ relayUrl: 'ws://127.0.0.1:9944', paraId: 100, cursorDir: '/var/lib/collator' });
 * await follower.start();
 * for await (const slice of follower.slices()) {
 *   await feed.execute(slice);
 *   await follower.commit(slice.relayBlockNumber);
 * }
 */
export class RelayFollower {
  readonly #opts: RelayFollowerOptions;
  readonly #logger: CollatorLogger;
  readonly #file: CursorFile;
  readonly #wake = new WakeSignal();
  readonly #abort = new AbortController();
  readonly #queue: Received[] = [];
  /** Delivered slices not yet committed: block number → hash. */
  readonly #delivered = new Map<bigint, Uint8Array>();
  #state: 'new' | 'running' | 'stopped' = 'new';
  #starting: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;
  #run: Promise<void> = Promise.resolve();
  #committed: RelayCursor | undefined;
  #commits: Promise<void> = Promise.resolve();
  /** Next block number the relay stream must deliver. */
  #wanted = 1n;
  /** Hash of the last delivered block: the next one must be its child. */
  #lastHash: Uint8Array | undefined;
  #client: RelayRpcClient | undefined;
  #sub: Subscription | undefined;
  #fatal: RelayFollowerError | undefined;
  #nextCall: Promise<unknown> = Promise.resolve();

  constructor(opts: RelayFollowerOptions) {
    this.#opts = opts;
    this.#logger = opts.logger ?? silentLogger();
    this.#file = new CursorFile(opts.cursorDir, opts.paraId);
  }

  /** The last committed (persisted) cursor; undefined before the first commit ever. */
  get committed(): RelayCursor | undefined {
    return this.#committed;
  }

  /** Reads the cursor and starts following (connecting in the background). Safe to call twice. */
  start(signal?: AbortSignal): Promise<void> {
    this.#starting ??= (async () => {
      if (this.#state !== 'new') throw new RelayFollowerError('NOT_RUNNING', 'the follower was stopped');
      await initHashing();
      this.#committed = await this.#file.read();
      this.#wanted = this.#committed === undefined ? (this.#opts.startBlock ?? 1n) : this.#committed.relayBlockNumber + 1n;
      this.#lastHash = this.#committed?.relayBlockHash;
      if (this.#state !== 'new') return;
      this.#state = 'running';
      this.#run = this.#runLoop();
      if (signal?.aborted === true) void this.stop();
      else signal?.addEventListener('abort', () => void this.stop(), { once: true });
      this.#logger.info('relay follower started', { paraId: this.#opts.paraId, from: this.#wanted, relay: this.#opts.relayUrl });
    })();
    return this.#starting;
  }

  /** Stops following, closes the connection and waits for pending cursor writes. Safe to call twice. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      await this.#starting?.catch(() => undefined);
      this.#state = 'stopped';
      this.#abort.abort();
      this.#client?.close();
      this.#wake.notify();
      await this.#run;
      await this.#commits.catch(() => undefined);
    })();
    return this.#stopping;
  }

  /**
   * The next verified slice, in relay order; undefined once stopped (NOT_RUNNING before start). Rejects with the
   * `RelayFollowerError` that ended the stream (every later call too). Calls are served in order.
   */
  next(): Promise<OrderedSlice | undefined> {
    const result = this.#nextCall.then(() => this.#nextSlice());
    this.#nextCall = result.catch(() => undefined);
    return result;
  }

  /** The verified slices as an async iterator (ends when the follower stops). */
  async *slices(): AsyncGenerator<OrderedSlice, void, undefined> {
    for (;;) {
      const slice = await this.next();
      if (slice === undefined) return;
      yield slice;
    }
  }

  /** `for await (const slice of follower)`: the same as {@link slices}. */
  [Symbol.asyncIterator](): AsyncGenerator<OrderedSlice, void, undefined> {
    return this.slices();
  }

  /** Every payload of every slice as a {@link ParaTransaction}; commit a relay block after its last one. */
  async *transactions(): AsyncGenerator<ParaTransaction, void, undefined> {
    for await (const slice of this.slices()) {
      for (const [index, payload] of slice.payloads.entries()) {
        yield { paraId: slice.paraId, relayBlockNumber: slice.relayBlockNumber, relayBlockHash: slice.relayBlockHash, index, payload };
      }
    }
  }

  /**
   * Records that relay block `relayBlockNumber`'s slice (and every earlier one) has been
   * processed; durable when it resolves. Committing the committed block again is a no-op;
   * a block not yet delivered, or below the cursor, is `BAD_COMMIT`.
   */
  commit(relayBlockNumber: bigint): Promise<void> {
    if (this.#state !== 'running') return Promise.reject(new RelayFollowerError('NOT_RUNNING', 'commit on a follower that is not running'));
    const current = this.#committed?.relayBlockNumber;
    if (current === relayBlockNumber) return this.#commits;
    const hash = this.#delivered.get(relayBlockNumber);
    if (hash === undefined || (current !== undefined && relayBlockNumber < current)) {
      return Promise.reject(
        new RelayFollowerError('BAD_COMMIT', `relay block #${relayBlockNumber} was not delivered after the cursor (#${current ?? 'none'})`, { paraId: this.#opts.paraId, relayBlockNumber }),
      );
    }
    for (const n of this.#delivered.keys()) if (n <= relayBlockNumber) this.#delivered.delete(n);
    const cursor = { relayBlockNumber, relayBlockHash: hash };
    this.#committed = cursor;
    const written = this.#commits.catch(() => undefined).then(() => this.#file.write(cursor));
    this.#commits = written;
    return written;
  }

  #live(): boolean {
    return this.#state === 'running' && this.#fatal === undefined;
  }

  #fail(error: RelayFollowerError): void {
    if (this.#fatal !== undefined) return;
    this.#fatal = error;
    this.#logger.error('relay follower stopped following', { paraId: this.#opts.paraId, code: error.code, ...error.data, error: error.message });
    this.#client?.close();
    this.#wake.notify();
  }

  async #nextSlice(): Promise<OrderedSlice | undefined> {
    for (;;) {
      if (this.#fatal !== undefined) throw this.#fatal;
      if (this.#state === 'new') throw new RelayFollowerError('NOT_RUNNING', 'next() before start()');
      if (this.#state !== 'running') return undefined;
      const entry = this.#queue[0];
      if (entry === undefined) {
        await this.#wake.wait();
        continue;
      }
      const header = await entry.header;
      if (this.#fatal !== undefined || this.#state !== 'running') continue;
      if (!header.ok) {
        // The connection went away before the header arrived: ask again once connected.
        entry.header = this.#headerWhenConnected(entry.json.blockHash);
        continue;
      }
      let slice: OrderedSlice;
      try {
        slice = verifyParaTransactions(entry.json, header.value, {
          paraId: this.#opts.paraId,
          ...(this.#lastHash === undefined ? {} : { parentHash: this.#lastHash }),
        });
      } catch (e) {
        if (!(e instanceof RelayFollowerError)) throw e;
        this.#fail(e);
        throw e;
      }
      this.#queue.shift();
      this.#lastHash = slice.relayBlockHash;
      this.#delivered.set(slice.relayBlockNumber, slice.relayBlockHash);
      this.#wake.notify();
      return slice;
    }
  }

  /** `chain_getHeader(hash)` over the current connection, waiting for one if there is none. */
  async #headerWhenConnected(hash: unknown): Promise<HeaderResult> {
    while (this.#live()) {
      const client = this.#client;
      if (client !== undefined && !client.isClosed) return this.#fetchHeader(client, hash);
      await this.#wake.wait();
    }
    return { ok: false, error: new RelayFollowerError('NOT_RUNNING', 'stopped') };
  }

  #fetchHeader(client: RelayRpcClient, hash: unknown): Promise<HeaderResult> {
    return client.call('chain_getHeader', [hash]).then(
      (value) => ({ ok: true, value }),
      // A relay that refuses the call answers as if it did not know the header.
      (error: unknown) => (error instanceof RelayRpcError && error.code === 'RPC_ERROR' ? { ok: true, value: null } : { ok: false, error }),
    );
  }

  async #runLoop(): Promise<void> {
    const initialDelay = this.#opts.reconnectDelayMs ?? 100;
    const maxDelay = this.#opts.maxReconnectDelayMs ?? 5_000;
    let delay = initialDelay;
    while (this.#live()) {
      let client: RelayRpcClient;
      try {
        client = await RelayRpcClient.connect(this.#opts.relayUrl, {
          signal: this.#abort.signal,
          ...(this.#opts.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: this.#opts.requestTimeoutMs }),
        });
      } catch (e) {
        this.#logger.warn('relay unreachable; retrying', { relay: this.#opts.relayUrl, delayMs: delay, error: (e as Error).message });
        await this.#sleep(delay);
        delay = Math.min(delay * 2, maxDelay);
        continue;
      }
      if (!this.#live()) {
        client.close();
        break;
      }
      this.#client = client;
      this.#wake.notify();
      let followed = false;
      try {
        followed = await this.#follow(client);
      } catch (e) {
        if (e instanceof RelayRpcError && e.code === 'RPC_ERROR' && e.rpc !== undefined && PERMANENT_RPC_CODES.has(e.rpc.code)) {
          this.#fail(new RelayFollowerError('SUBSCRIBE_REJECTED', `the relay refused ${SUBSCRIBE}: ${e.message}`, { paraId: this.#opts.paraId, rpcCode: e.rpc.code }, { cause: e }));
        } else if (this.#live()) {
          this.#logger.warn('relay subscription failed', { relay: this.#opts.relayUrl, error: (e as Error).message });
        }
      } finally {
        client.close();
        await client.closed;
        this.#client = undefined;
        this.#sub = undefined;
      }
      if (!this.#live()) break;
      if (followed) delay = initialDelay;
      this.#logger.warn('relay connection lost; reconnecting', { relay: this.#opts.relayUrl, resumeFrom: this.#wanted, delayMs: delay });
      await this.#sleep(delay);
      delay = Math.min(delay * 2, maxDelay);
    }
  }

  /**
   * Keeps one subscription open on `client` from `#wanted`, pausing it (unsubscribing) while the
   * consumer lags by `maxBufferedSlices` and resuming it from `#wanted` once it has caught up.
   * Returns when the connection closes; true if a subscription was established.
   */
  async #follow(client: RelayRpcClient): Promise<boolean> {
    const max = this.#opts.maxBufferedSlices ?? 256;
    const resumeAt = Math.floor(max / 4);
    let established = false;
    while (this.#live() && !client.isClosed) {
      if (this.#sub === undefined && this.#queue.length <= resumeAt) {
        const sub: Subscription = { id: undefined };
        this.#sub = sub;
        const from = this.#wanted;
        sub.id = await client.subscribe(SUBSCRIBE, [this.#opts.paraId, Number(from)], (result, id) => {
          sub.id ??= id;
          this.#onNotification(client, sub, result, max);
        });
        established = true;
        this.#logger.info('subscribed to relay slices', { paraId: this.#opts.paraId, from, relay: this.#opts.relayUrl });
      }
      await Promise.race([client.closed, this.#wake.wait()]);
    }
    return established;
  }

  #onNotification(client: RelayRpcClient, sub: Subscription, result: unknown, max: number): void {
    if (this.#sub !== sub || !this.#live()) return;
    const raw = (result as { blockNumber?: unknown } | null)?.blockNumber;
    if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 0) {
      this.#fail(new RelayFollowerError('INVALID_SLICE', `a notification without a block number from ${this.#opts.relayUrl}`, { reason: 'MALFORMED', paraId: this.#opts.paraId }));
      return;
    }
    const number = BigInt(raw);
    if (number < this.#wanted) {
      this.#logger.debug('dropped a repeated relay block', { number });
      return;
    }
    if (number > this.#wanted) {
      this.#logger.warn('gap in the relay stream; resubscribing', { expected: this.#wanted, got: number });
      client.close();
      return;
    }
    const json = result as Received['json'];
    this.#queue.push({ json, number, header: this.#fetchHeader(client, json.blockHash) });
    this.#wanted = number + 1n;
    this.#wake.notify();
    if (this.#queue.length >= max && sub.id !== undefined) {
      // Pause: the consumer lags. #follow resubscribes from #wanted once it has caught up.
      this.#sub = undefined;
      void client.unsubscribe(UNSUBSCRIBE, sub.id).catch(() => undefined);
      this.#logger.debug('paused the relay subscription', { buffered: this.#queue.length });
    }
  }

  #sleep(ms: number): Promise<void> {
    const signal = this.#abort.signal;
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
