/** Read access to the state a block is built on (a trie at the parent's state root). */
export interface StateReader {
  get(key: Uint8Array): Uint8Array | undefined;
  /** Keys with `prefix` in byte order, strictly after `startAfter`. */
  keys(prefix: Uint8Array, startAfter?: Uint8Array, limit?: number): Uint8Array[];
}

const hex = (key: Uint8Array): string => Buffer.from(key).toString('hex');

/**
 * Pending storage changes of one block over a read-only parent state, with nested
 * transactional layers (FRAME's `with_transaction`): a failed dispatch or an
 * all-or-nothing bundle rolls back its layer and nothing else.
 */
export class StorageOverlay {
  readonly #base: StateReader;
  /** Layer 0 is the block's committed changes; later layers are open transactions. null = deleted. */
  readonly #layers: Map<string, Uint8Array | null>[] = [new Map()];

  constructor(base: StateReader) {
    this.#base = base;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    const k = hex(key);
    for (let i = this.#layers.length - 1; i >= 0; i--) {
      const v = this.#layers[i]!.get(k);
      if (v !== undefined) return v ?? undefined;
    }
    return this.#base.get(key);
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.#top().set(hex(key), value);
  }

  delete(key: Uint8Array): void {
    this.#top().set(hex(key), null);
  }

  /** Deletes every key under `prefix` (base state and pending writes). */
  deletePrefix(prefix: Uint8Array): number {
    const keys = this.keys(prefix);
    for (const k of keys) this.delete(k);
    return keys.length;
  }

  /** Keys under `prefix` as this overlay sees them (base merged with pending changes), in byte order. */
  keys(prefix: Uint8Array, startAfter?: Uint8Array, limit = Number.MAX_SAFE_INTEGER): Uint8Array[] {
    const merged = new Map<string, boolean>();
    for (const k of this.#base.keys(prefix, startAfter)) merged.set(hex(k), true);
    const p = hex(prefix);
    const after = startAfter === undefined ? undefined : hex(startAfter);
    for (const layer of this.#layers) {
      for (const [k, v] of layer) {
        if (!k.startsWith(p) || (after !== undefined && k <= after)) continue;
        merged.set(k, v !== null);
      }
    }
    return [...merged]
      .filter(([, present]) => present)
      .map(([k]) => k)
      .sort()
      .slice(0, limit)
      .map((k) => Buffer.from(k, 'hex'));
  }

  startTransaction(): void {
    this.#layers.push(new Map());
  }

  commitTransaction(): void {
    if (this.#layers.length < 2) throw new Error('no open storage transaction');
    const top = this.#layers.pop()!;
    const below = this.#top();
    for (const [k, v] of top) below.set(k, v);
  }

  rollbackTransaction(): void {
    if (this.#layers.length < 2) throw new Error('no open storage transaction');
    this.#layers.pop();
  }

  /** Runs `f` in a transaction, committing when it returns and rolling back when it throws. */
  transactional<T>(f: () => T): T {
    this.startTransaction();
    try {
      const out = f();
      this.commitTransaction();
      return out;
    } catch (e) {
      this.rollbackTransaction();
      throw e;
    }
  }

  /** The block's changes (only valid with no open transaction). */
  changes(): ReadonlyMap<string, Uint8Array | null> {
    if (this.#layers.length !== 1) throw new Error('storage transactions still open');
    return this.#layers[0]!;
  }

  #top(): Map<string, Uint8Array | null> {
    return this.#layers[this.#layers.length - 1]!;
  }
}
