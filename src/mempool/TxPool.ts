import { BanList } from './banList.ts';
import { admissionLimit, nextEviction, type PoolLimits } from './poolLimits.ts';
import { PoolError, type PoolLimit } from './PoolError.ts';
import { TxGraph, type PoolTx } from './txGraph.ts';
import { watchTx, type TxWatcher, type WatchHandle } from './txWatcher.ts';
import type { BlockRef, TxSource, TxStatus, ValidTransaction, Validator, Validity } from './types.ts';

export type { TxStatus } from './types.ts';
export type { TxWatcher } from './txWatcher.ts';

/**
 * Limits (`maxReady`, `maxFuture`, `maxBytes` for ready and future together, `maxPerSender` for
 * ready and future of one `sender`), the ban time and the injected clock and hash.
 */
export interface TxPoolOptions extends PoolLimits {
  /** How long a removed transaction's hash is refused (1012), by `now`. */
  banTimeMs: number;
  /** Milliseconds clock (injected). */
  now: () => number;
  /** Transaction hash, blake2-256 (injected). */
  hash: (tx: Uint8Array) => Uint8Array;
  /** Receives errors thrown by watcher listeners; by default they are rethrown on a microtask. */
  onListenerError?: (err: unknown) => void;
}

/** One transaction as `ready()` hands it to a block builder. */
export interface ReadyTx {
  hash: Uint8Array;
  tx: Uint8Array;
  priority: bigint;
  bytes: number;
  propagate: boolean;
}

/** A transaction taken out of the pool by a block, kept until that block is final. */
interface Included {
  readonly key: string;
  readonly hash: Uint8Array;
  readonly data: Uint8Array;
  readonly source: TxSource;
  readonly blockHash: Uint8Array;
  readonly blockKey: string;
  readonly blockNumber: bigint;
  readonly watch: WatchHandle | undefined;
}

/** Tags provided by transactions of this many last blocks count as on chain (validation races). */
const RECENTLY_PRUNED_BLOCKS = 2;

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function distinctHex(tags: readonly Uint8Array[]): string[] {
  return [...new Set(tags.map(toHex))];
}

function invalidError(v: Extract<Validity, { kind: 'invalid' }>): PoolError {
  return new PoolError(
    v.detail === undefined
      ? { code: 'INVALID', reason: v.reason }
      : { code: 'INVALID', reason: v.reason, detail: v.detail },
  );
}

function unknownError(v: Extract<Validity, { kind: 'unknown' }>): PoolError {
  return new PoolError(
    v.detail === undefined
      ? { code: 'UNKNOWN', reason: v.reason }
      : { code: 'UNKNOWN', reason: v.reason, detail: v.detail },
  );
}

/**
 * The transaction pool: ready and future queues keyed by the `provides`/`requires` tags the
 * validator returns (after Substrate's `sc-transaction-pool` graph). It never decodes a
 * transaction.
 *
 * Rules: a hash already in the pool → 1013; a banned hash (removed as invalid, included in a
 * block, stale, evicted, or `remove`d, for `banTimeMs`) → 1012; a newcomer providing a tag that
 * pool transactions provide replaces them only when its priority is strictly higher than theirs
 * summed (they get `usurped`), else 1014; a newcomer requiring what it provides, or what depends
 * on what it would replace → 1015; no `provides` → 1019; a sender already at `maxPerSender`
 * (replacements not counted) → 1016. When a limit is exceeded the pool evicts the lowest-priority,
 * newest transaction, futures first (future count, then ready count, then bytes, where bytes
 * evicts futures before ready ones); evicting a ready transaction sends what depends on it back to
 * future. A newcomer that would itself be evicted → 1016 and is not banned.
 *
 * @example
 * const pool = new TxPool(validator, { maxReady: 8192, maxFuture: 1024, maxBytes: 20 << 20,
 *   maxPerSender: 64, banTimeMs: 30 * 60_000, now: Date.now, hash: (x) => blake2AsU8a(x) });
 * const hash = await pool.submit(tx, 'external', head);
 * for (const { tx } of pool.ready()) builder.push(tx);
 */
export class TxPool {
  readonly #validator: Validator;
  readonly #opts: TxPoolOptions;
  readonly #graph = new TxGraph();
  readonly #banned: BanList;
  readonly #onListenerError: (err: unknown) => void;
  /** Included transactions by key, until their block is finalized or retracted. */
  readonly #included = new Map<string, Included>();
  /** Imported blocks not yet finalized: hash hex → number. */
  readonly #blockNumbers = new Map<string, bigint>();
  #recentlyPruned: ReadonlySet<string>[] = [];
  #outbox: Array<readonly [WatchHandle, TxStatus]> = [];
  #seq = 0;
  #maintenance: Promise<void> = Promise.resolve();

  constructor(validator: Validator, opts: TxPoolOptions) {
    this.#validator = validator;
    this.#opts = opts;
    this.#banned = new BanList(opts.banTimeMs, opts.now);
    this.#onListenerError =
      opts.onListenerError ??
      ((err) =>
        queueMicrotask(() => {
          throw err;
        }));
  }

  /** Counts of ready and future transactions and the bytes they hold. */
  get status(): { ready: number; future: number; bytes: number } {
    return { ready: this.#graph.readyCount, future: this.#graph.futureCount, bytes: this.#graph.bytes };
  }

  /**
   * Validates `tx` at `at` and imports it into ready or future. Returns its hash.
   * Throws {@link PoolError}; a validator that throws rejects with its error.
   */
  async submit(tx: Uint8Array, source: TxSource, at: BlockRef): Promise<Uint8Array> {
    return (await this.#submit(tx, source, at, false)).hash;
  }

  /**
   * Like {@link submit}, and returns a watcher of the transaction's statuses. The watcher already
   * holds the first `ready`/`future` (it replays what a late listener missed) and ends on a final
   * status: `finalized`, `usurped`, `dropped` or `invalid`.
   */
  async submitAndWatch(
    tx: Uint8Array,
    source: TxSource,
    at: BlockRef,
  ): Promise<{ hash: Uint8Array; watcher: TxWatcher }> {
    const { hash, watch } = await this.#submit(tx, source, at, true);
    return { hash, watcher: watch!.watcher };
  }

  /**
   * Ready transactions in the order a block builder should take them: never one before a pool
   * transaction providing a tag it requires; otherwise higher priority first, then older.
   * Lazy (O(log n) per transaction taken). The builder may call `markInvalid` while iterating:
   * what depended on the invalid one is then skipped.
   */
  *ready(): Generator<ReadyTx> {
    for (const tx of this.#graph.ordered()) {
      yield { hash: tx.hash, tx: tx.data, priority: tx.priority, bytes: tx.bytes, propagate: tx.propagate };
    }
  }

  /** All transactions in the pool, ready and future, oldest first (`author_pendingExtrinsics`). */
  pending(): Uint8Array[] {
    return this.#graph.all().map((tx) => tx.data);
  }

  /** Whether a transaction in the pool provides `tag` (how `system_accountNextIndex` counts pending nonces). */
  providesTag(tag: Uint8Array): boolean {
    return this.#graph.owners([toHex(tag)]).length > 0;
  }

  has(hash: Uint8Array): boolean {
    return this.#graph.get(toHex(hash)) !== undefined;
  }

  /**
   * A block of the best chain was imported: included transactions leave (`inBlock`), their tags
   * count as on chain and unlock what required them, stale transactions are dropped, and the rest
   * are revalidated at the new head (invalid ones dropped as `invalid`; `unknown` answers and a
   * throwing validator keep the transaction as it was). Included transactions of an earlier block
   * at this height or above are `retracted` and revalidated for re-entry. Calls run one at a time.
   */
  onBlockImported(block: { hash: Uint8Array; number: bigint; extrinsics: readonly Uint8Array[] }): Promise<void> {
    const run = this.#maintenance.then(() => this.#blockImported(block));
    this.#maintenance = run.catch(() => {});
    return run;
  }

  /**
   * A block was finalized: transactions included in it, or in an earlier block still on the best
   * chain, get `finalized` and their watchers end.
   */
  onBlockFinalized(blockHash: Uint8Array): void {
    const blockKey = toHex(blockHash);
    const n = this.#blockNumbers.get(blockKey);
    for (const [key, inc] of this.#included) {
      if (inc.blockKey !== blockKey && (n === undefined || inc.blockNumber > n)) continue;
      this.#included.delete(key);
      this.#notify(inc.watch, { kind: 'finalized', blockHash: inc.blockHash });
    }
    if (n !== undefined) {
      for (const [key, m] of this.#blockNumbers) if (m <= n) this.#blockNumbers.delete(key);
    }
    this.#flush();
  }

  /** A builder found the transaction invalid: it leaves (`invalid`) and is banned. */
  markInvalid(hash: Uint8Array): void {
    const tx = this.#graph.get(toHex(hash));
    if (tx === undefined) return;
    this.#drop(tx, { kind: 'invalid' });
    this.#enforceLimits(); // what depended on it went to future
    this.#flush();
  }

  /** Removes transactions (`author_removeExtrinsic`): they get `dropped` and are banned. */
  remove(hashes: Iterable<Uint8Array>): void {
    for (const hash of hashes) {
      const tx = this.#graph.get(toHex(hash));
      if (tx !== undefined) this.#drop(tx, { kind: 'dropped' });
    }
    this.#enforceLimits();
    this.#flush();
  }

  /** The network layer gossiped the transaction to `peers`: its watcher gets `broadcast`. */
  markBroadcast(hash: Uint8Array, peers: string[]): void {
    const tx = this.#graph.get(toHex(hash));
    tx?.watch?.emit({ kind: 'broadcast', peers });
  }

  async #submit(
    data: Uint8Array,
    source: TxSource,
    at: BlockRef,
    watched: boolean,
  ): Promise<{ hash: Uint8Array; watch: WatchHandle | undefined }> {
    const hash = this.#opts.hash(data);
    const key = toHex(hash);
    this.#checkNew(key, hash);
    const validity = await this.#validator(data, source, at);
    this.#checkNew(key, hash);
    if (validity.kind === 'invalid') {
      this.#banned.ban(key);
      throw invalidError(validity);
    }
    if (validity.kind === 'unknown') throw unknownError(validity);
    const watch = watched ? watchTx(hash, this.#onListenerError) : undefined;
    const tx = this.#makeTx(hash, key, data, source, validity.value, at.number, watch);
    this.#import(tx);
    return { hash, watch };
  }

  #checkNew(key: string, hash: Uint8Array): void {
    if (this.#graph.get(key) !== undefined) throw new PoolError({ code: 'ALREADY_IMPORTED', hash });
    if (this.#banned.isBanned(key)) throw new PoolError({ code: 'TEMPORARILY_BANNED', hash });
  }

  #makeTx(
    hash: Uint8Array,
    key: string,
    data: Uint8Array,
    source: TxSource,
    v: ValidTransaction,
    atNumber: bigint,
    watch: WatchHandle | undefined,
  ): PoolTx {
    return {
      hash,
      key,
      data,
      bytes: data.length,
      source,
      seq: ++this.#seq,
      priority: v.priority,
      requires: distinctHex(v.requires),
      provides: distinctHex(v.provides),
      validTill: atNumber + v.longevity,
      propagate: v.propagate,
      sender: v.sender,
      chainTags: new Set(),
      state: 'future',
      depsInPool: 0,
      unsatisfied: 0,
      inBest: false,
      notified: undefined,
      watch,
    };
  }

  #applyValidity(tx: PoolTx, v: ValidTransaction, atNumber: bigint): void {
    tx.priority = v.priority;
    tx.requires = distinctHex(v.requires);
    tx.provides = distinctHex(v.provides);
    tx.validTill = atNumber + v.longevity;
    tx.propagate = v.propagate;
    tx.sender = v.sender;
    tx.chainTags = new Set();
  }

  #isRecentlyPruned(tag: string): boolean {
    return this.#recentlyPruned.some((s) => s.has(tag));
  }

  #setChainTags(tx: PoolTx, keep: ReadonlySet<string>): void {
    tx.chainTags = new Set(tx.requires.filter((t) => keep.has(t) || this.#isRecentlyPruned(t)));
  }

  #hasSelfCycle(tx: PoolTx): boolean {
    const provides = new Set(tx.provides);
    return tx.requires.some((t) => provides.has(t));
  }

  /** Checks and imports a validated newcomer; throws PoolError, notifies in every case. */
  #import(tx: PoolTx): void {
    if (tx.provides.length === 0) throw new PoolError({ code: 'NO_TAGS' });
    if (this.#hasSelfCycle(tx)) throw new PoolError({ code: 'CYCLE_DETECTED' });
    this.#setChainTags(tx, new Set());
    const replaced = this.#graph.owners(tx.provides);
    if (replaced.length > 0) {
      const old = replaced.reduce((sum, r) => sum + r.priority, 0n);
      if (old >= tx.priority) throw new PoolError({ code: 'TOO_LOW_PRIORITY', old, new: tx.priority });
      if (this.#graph.wouldCycle(tx.requires, replaced)) throw new PoolError({ code: 'CYCLE_DETECTED' });
    }
    const limit = admissionLimit(this.#graph, this.#opts, tx, replaced);
    if (limit !== undefined) throw new PoolError({ code: 'IMMEDIATELY_DROPPED', limit });

    for (const r of replaced) {
      this.#graph.remove(r);
      this.#notify(r.watch, { kind: 'usurped', by: tx.hash });
    }
    this.#graph.add(tx);
    const dropped = this.#enforceLimits(tx);
    this.#flush();
    if (dropped !== undefined) throw new PoolError({ code: 'IMMEDIATELY_DROPPED', limit: dropped });
  }

  /**
   * Evicts until every limit holds; evicted ones get `dropped` and are banned. Returns the limit
   * that evicted `newcomer`, if it was evicted (it is not banned).
   */
  #enforceLimits(newcomer?: PoolTx): PoolLimit | undefined {
    let hit: PoolLimit | undefined;
    for (let next = nextEviction(this.#graph, this.#opts); next; next = nextEviction(this.#graph, this.#opts)) {
      this.#graph.remove(next.victim);
      this.#notify(next.victim.watch, { kind: 'dropped' });
      if (next.victim === newcomer) hit = next.limit;
      else this.#banned.ban(next.victim.key);
    }
    return hit;
  }

  /** Removes a transaction for good: banned, watcher told `status`. */
  #drop(tx: PoolTx, status: TxStatus): void {
    this.#graph.remove(tx);
    this.#banned.ban(tx.key);
    this.#notify(tx.watch, status);
  }

  #notify(watch: WatchHandle | undefined, status: TxStatus): void {
    if (watch !== undefined) this.#outbox.push([watch, status]);
  }

  /** Sends queued statuses, then `ready`/`future` to transactions whose queue changed. */
  #flush(): void {
    const outbox = this.#outbox;
    this.#outbox = [];
    for (const [watch, status] of outbox) watch.emit(status);
    for (const tx of this.#graph.takeTouched()) {
      if (!this.#graph.contains(tx) || tx.notified === tx.state) continue;
      tx.notified = tx.state;
      tx.watch?.emit({ kind: tx.state });
    }
  }

  /**
   * Whether a new validity only drops requirements the chain now provides (the usual effect of a
   * block), so the transaction can stay where it is.
   */
  #sameShape(tx: PoolTx, v: ValidTransaction): boolean {
    if (v.priority !== tx.priority || v.sender !== tx.sender) return false;
    const provides = distinctHex(v.provides);
    if (provides.length !== tx.provides.length) return false;
    const old = new Set(tx.provides);
    if (!provides.every((t) => old.has(t))) return false;
    const requires = new Set(distinctHex(v.requires));
    const before = new Set(tx.requires);
    for (const t of requires) if (!before.has(t)) return false;
    return tx.requires.every((t) => requires.has(t) || tx.chainTags.has(t));
  }

  /**
   * Adds transactions that left the graph for a new validity (or come back from a retracted
   * block), oldest first: applies validities, recomputes chain-provided tags, resolves tag
   * conflicts (the later one wins only with a strictly higher priority), then enforces limits and
   * notifies.
   */
  #readd(list: readonly PoolTx[], updates: ReadonlyMap<PoolTx, ValidTransaction>, atNumber: bigint): void {
    const g = this.#graph;
    for (const tx of [...list].sort((a, b) => a.seq - b.seq)) {
      const v = updates.get(tx);
      if (v !== undefined) this.#applyValidity(tx, v, atNumber);
      this.#setChainTags(tx, tx.chainTags);
      if (tx.provides.length === 0 || this.#hasSelfCycle(tx)) {
        this.#banned.ban(tx.key);
        this.#notify(tx.watch, { kind: 'invalid' });
        continue;
      }
      const owners = g.owners(tx.provides);
      if (owners.length > 0) {
        const old = owners.reduce((sum, r) => sum + r.priority, 0n);
        if (tx.priority <= old) {
          this.#notify(tx.watch, { kind: 'usurped', by: owners[0]!.hash });
          continue;
        }
        for (const r of owners) {
          g.remove(r);
          this.#notify(r.watch, { kind: 'usurped', by: tx.hash });
        }
      }
      g.add(tx);
    }
    this.#enforceLimits();
    this.#flush();
  }

  async #validateQuietly(data: Uint8Array, source: TxSource, at: BlockRef): Promise<Validity | undefined> {
    try {
      return await this.#validator(data, source, at);
    } catch {
      return undefined; // cannot tell: keep the transaction as it is
    }
  }

  async #blockImported(block: { hash: Uint8Array; number: bigint; extrinsics: readonly Uint8Array[] }): Promise<void> {
    const g = this.#graph;
    const head: BlockRef = { hash: block.hash, number: block.number };
    const blockKey = toHex(block.hash);
    this.#blockNumbers.set(blockKey, block.number);
    const inBlock = new Map<string, Uint8Array>();
    for (const x of block.extrinsics) {
      const h = this.#opts.hash(x);
      inBlock.set(toHex(h), h);
    }

    // 1. Transactions of a block at this height or above are retracted.
    const resubmit: Included[] = [];
    const reincluded: Included[] = [];
    for (const [key, inc] of this.#included) {
      if (inc.blockNumber < block.number || inc.blockKey === blockKey) continue;
      this.#included.delete(key);
      this.#notify(inc.watch, { kind: 'retracted', blockHash: inc.blockHash });
      if (inBlock.has(key)) reincluded.push(inc);
      else resubmit.push(inc);
    }
    for (const inc of resubmit) this.#banned.unban(inc.key);
    const reorg = resubmit.length + reincluded.length > 0;
    // What retracted blocks provided is no longer on chain.
    if (reorg) this.#recentlyPruned = [];

    // 2. Included transactions leave; the tags they provided are on chain now.
    const pruned = new Set<string>();
    for (const key of inBlock.keys()) {
      this.#banned.ban(key);
      const tx = g.get(key);
      if (tx === undefined) continue;
      for (const tag of tx.provides) pruned.add(tag);
      g.prune(tx);
      this.#track(tx, block.hash, blockKey, block.number);
    }
    for (const inc of reincluded) this.#track(inc, block.hash, blockKey, block.number);
    this.#recentlyPruned = [pruned, ...this.#recentlyPruned].slice(0, RECENTLY_PRUNED_BLOCKS);
    this.#flush();

    // 3. Longevity: transactions whose validity ends here are dropped.
    for (const tx of g.all()) if (tx.validTill <= block.number) this.#drop(tx, { kind: 'dropped' });
    this.#enforceLimits();
    this.#flush();

    // 4. Revalidate the rest (and retracted ones) at the new head.
    const targets = g.all();
    const [results, resubmitted] = await Promise.all([
      Promise.all(targets.map((tx) => this.#validateQuietly(tx.data, tx.source, head))),
      Promise.all(resubmit.map((inc) => this.#validateQuietly(inc.data, inc.source, head))),
    ]);

    // 5. Apply: drop the invalid; update in place what only lost chain-provided requirements
    //    (unless blocks were retracted); take the others out and add them back with their new
    //    validity.
    const updates = new Map<PoolTx, ValidTransaction>();
    targets.forEach((tx, i) => {
      const r = results[i];
      if (!g.contains(tx) || r === undefined || r.kind === 'unknown') return;
      if (r.kind === 'invalid') {
        this.#drop(tx, { kind: 'invalid' });
      } else if (!reorg && this.#sameShape(tx, r.value)) {
        const still = new Set(distinctHex(r.value.requires));
        tx.validTill = head.number + r.value.longevity;
        tx.propagate = r.value.propagate;
        g.dropChainRequirements(tx, tx.requires.filter((t) => !still.has(t)));
      } else {
        updates.set(tx, r.value);
      }
    });
    for (const tx of updates.keys()) g.remove(tx);
    const readd: PoolTx[] = [...updates.keys()];
    resubmit.forEach((inc, i) => {
      const r = resubmitted[i];
      if (g.get(inc.key) !== undefined || this.#banned.isBanned(inc.key) || r === undefined || r.kind === 'unknown') {
        this.#notify(inc.watch, { kind: 'dropped' });
      } else if (r.kind === 'invalid') {
        this.#banned.ban(inc.key);
        this.#notify(inc.watch, { kind: 'invalid' });
      } else {
        readd.push(this.#makeTx(inc.hash, inc.key, inc.data, inc.source, r.value, head.number, inc.watch));
      }
    });
    this.#readd(readd, updates, head.number);
  }

  #track(
    tx: Pick<Included, 'key' | 'hash' | 'data' | 'source' | 'watch'>,
    blockHash: Uint8Array,
    blockKey: string,
    blockNumber: bigint,
  ): void {
    this.#included.set(tx.key, {
      key: tx.key,
      hash: tx.hash,
      data: tx.data,
      source: tx.source,
      blockHash,
      blockKey,
      blockNumber,
      watch: tx.watch,
    });
    this.#notify(tx.watch, { kind: 'inBlock', blockHash });
  }
}
