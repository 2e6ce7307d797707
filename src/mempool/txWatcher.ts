import { isFinalStatus, type TxStatus } from './types.ts';

export type TxStatusListener = (status: TxStatus) => void;

/**
 * The statuses of one submitted transaction, as an event source and as an async iterable.
 *
 * Every status is kept, so a listener attached late (or an iterator started late) first gets
 * the statuses it missed, in order: the first `ready`/`future` is never lost. After a final
 * status (`finalized`, `usurped`, `dropped`, `invalid`) or `stop()`, `done` is true, listeners
 * are detached and iterators end once they have yielded what they had received.
 *
 * @example
 * const { watcher } = await pool.submitAndWatch(tx, 'external', head);
 * for await (const status of watcher) console.log(status.kind); // 'ready', 'inBlock', 'finalized'
 */
export class TxWatcher implements AsyncIterable<TxStatus> {
  readonly hash: Uint8Array;
  readonly #history: TxStatus[] = [];
  readonly #listeners = new Set<TxStatusListener>();
  readonly #wakers = new Set<() => void>();
  readonly #onListenerError: (err: unknown) => void;
  #done = false;

  /**
   * @param connect receives the function that pushes statuses into this watcher (the pool keeps it;
   *   consumers cannot emit).
   * @param onListenerError where a throwing listener's error goes (the pool never sees it).
   */
  constructor(
    hash: Uint8Array,
    connect: (emit: (status: TxStatus) => void) => void,
    onListenerError: (err: unknown) => void,
  ) {
    this.hash = hash;
    this.#onListenerError = onListenerError;
    connect((status) => this.#emit(status));
  }

  get done(): boolean {
    return this.#done;
  }

  /** Statuses received so far, oldest first. */
  get history(): readonly TxStatus[] {
    return this.#history;
  }

  /** Calls `listener` with past statuses now, then with each new one. Returns an unsubscribe. */
  on(listener: TxStatusListener): () => void {
    for (const status of this.#history.slice()) this.#call(listener, status);
    if (this.#done) return () => {};
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Stops watching; idempotent. */
  stop(): void {
    this.#finish();
  }

  [Symbol.asyncIterator](): AsyncIterator<TxStatus> {
    const queue: TxStatus[] = [];
    let wake: (() => void) | undefined;
    const waker = (): void => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const off = this.on((status) => {
      queue.push(status);
      waker();
    });
    this.#wakers.add(waker);
    const end = (): IteratorResult<TxStatus> => {
      off();
      this.#wakers.delete(waker);
      queue.length = 0;
      return { value: undefined, done: true };
    };
    return {
      next: async (): Promise<IteratorResult<TxStatus>> => {
        for (;;) {
          const value = queue.shift();
          if (value !== undefined) return { value, done: false };
          if (this.#done) return end();
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      },
      return: async (): Promise<IteratorResult<TxStatus>> => end(),
    };
  }

  #emit(status: TxStatus): void {
    if (this.#done) return;
    this.#history.push(status);
    for (const listener of [...this.#listeners]) this.#call(listener, status);
    if (isFinalStatus(status)) this.#finish();
  }

  #finish(): void {
    if (this.#done) return;
    this.#done = true;
    this.#listeners.clear();
    for (const w of [...this.#wakers]) w();
  }

  #call(listener: TxStatusListener, status: TxStatus): void {
    try {
      listener(status);
    } catch (err) {
      this.#onListenerError(err);
    }
  }
}

/** A watcher with the emitting end the pool keeps. */
export interface WatchHandle {
  readonly watcher: TxWatcher;
  readonly emit: (status: TxStatus) => void;
}

/** Creates a watcher for `hash` and returns it with its emitting end. */
export function watchTx(hash: Uint8Array, onListenerError: (err: unknown) => void): WatchHandle {
  let emit: ((status: TxStatus) => void) | undefined;
  const watcher = new TxWatcher(hash, (e) => {
    emit = e;
  }, onListenerError);
  return { watcher, emit: emit! };
}
