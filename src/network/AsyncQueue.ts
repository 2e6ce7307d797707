/**
 * A bounded single-consumer queue of byte chunks that a stream's sink can iterate. `push` never
 * blocks: when `maxItems` chunks or `maxBytes` bytes are waiting it refuses (returns false), so a
 * slow peer cannot grow memory.
 */
export class AsyncQueue implements AsyncIterable<Uint8Array> {
  readonly #maxItems: number;
  readonly #maxBytes: number;
  #items: Uint8Array[] = [];
  #bytes = 0;
  #closed = false;
  #wake: (() => void) | undefined;

  constructor(limits: { maxItems: number; maxBytes: number }) {
    this.#maxItems = limits.maxItems;
    this.#maxBytes = limits.maxBytes;
  }

  /** Chunks and bytes waiting. */
  get size(): { items: number; bytes: number } {
    return { items: this.#items.length, bytes: this.#bytes };
  }

  push(item: Uint8Array): boolean {
    if (this.#closed || this.#items.length >= this.#maxItems || this.#bytes + item.length > this.#maxBytes) return false;
    this.#items.push(item);
    this.#bytes += item.length;
    this.#notify();
    return true;
  }

  /** Ends iteration once the waiting items are consumed. Idempotent. */
  close(): void {
    this.#closed = true;
    this.#notify();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    for (;;) {
      const item = this.#items.shift();
      if (item !== undefined) {
        this.#bytes -= item.length;
        yield item;
        continue;
      }
      if (this.#closed) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
