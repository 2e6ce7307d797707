import { OrderedSet } from './orderedSet.ts';
import type { TxSource } from './types.ts';
import type { WatchHandle } from './txWatcher.ts';

/** A transaction in the pool: immutable identity, validity fields, and graph bookkeeping. */
export interface PoolTx {
  readonly hash: Uint8Array;
  /** Hex of `hash`, the map key. */
  readonly key: string;
  readonly data: Uint8Array;
  readonly bytes: number;
  readonly source: TxSource;
  /** Insertion order: lower is older. */
  seq: number;
  priority: bigint;
  /** Distinct hex tags. */
  requires: string[];
  /** Distinct hex tags. */
  provides: string[];
  /** Stale once a block with number >= validTill is imported. */
  validTill: bigint;
  propagate: boolean;
  sender: string | undefined;
  /** Required tags that recently included transactions already provided on chain. */
  chainTags: Set<string>;
  /** Graph-owned: which queue the transaction is in. */
  state: 'ready' | 'future';
  /** Graph-owned: required tags (not in chainTags) provided by a ready transaction. */
  depsInPool: number;
  /** Graph-owned: required tags neither in chainTags nor provided by a ready transaction. */
  unsatisfied: number;
  /** Graph-owned: in the `best` set (ready with no in-pool dependency). */
  inBest: boolean;
  /** Pool-owned: the last queue status sent to the watcher. */
  notified: 'ready' | 'future' | undefined;
  /** Pool-owned: the watcher, when the transaction was submitted with one. */
  watch: WatchHandle | undefined;
}

/** The key the orders read. */
export type OrderKey = Pick<PoolTx, 'priority' | 'seq'>;

function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Inclusion order: higher priority first, then older. */
export function bestOrder(a: OrderKey, b: OrderKey): number {
  return cmpBig(b.priority, a.priority) || a.seq - b.seq;
}

/** Eviction order: lowest priority first, then newest. */
export function worstOrder(a: OrderKey, b: OrderKey): number {
  return cmpBig(a.priority, b.priority) || b.seq - a.seq;
}

/**
 * The ready/future dependency graph keyed by tags (after Substrate's `sc-transaction-pool`
 * graph): a transaction is ready when each tag it requires is provided by a ready transaction
 * or by the chain, and future otherwise. Each tag has at most one provider in the graph (the
 * caller resolves conflicts before `add`). Synchronous, no I/O; the pool around it validates,
 * enforces limits and notifies.
 *
 * Costs: add/remove O(log n) plus the transactions they promote or demote; `ordered()` is lazy,
 * O(log n) per transaction taken.
 */
export class TxGraph {
  readonly #entries = new Map<string, PoolTx>();
  readonly #owner = new Map<string, PoolTx>();
  readonly #requiredBy = new Map<string, Set<PoolTx>>();
  readonly #senders = new Map<string, number>();
  readonly #best = new OrderedSet<PoolTx, OrderKey>(bestOrder);
  readonly #readyWorst = new OrderedSet<PoolTx, OrderKey>(worstOrder);
  readonly #futureWorst = new OrderedSet<PoolTx, OrderKey>(worstOrder);
  #touched = new Set<PoolTx>();
  #bytes = 0;
  #futureBytes = 0;

  get size(): number {
    return this.#entries.size;
  }

  get readyCount(): number {
    return this.#readyWorst.size;
  }

  get futureCount(): number {
    return this.#futureWorst.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Bytes held by future transactions. */
  get futureBytes(): number {
    return this.#futureBytes;
  }

  get(key: string): PoolTx | undefined {
    return this.#entries.get(key);
  }

  /** Whether `tx` (this very object) is in the graph. */
  contains(tx: PoolTx): boolean {
    return this.#entries.get(tx.key) === tx;
  }

  /** All transactions, oldest first. */
  all(): PoolTx[] {
    return [...this.#entries.values()].sort((a, b) => a.seq - b.seq);
  }

  senderCount(sender: string): number {
    return this.#senders.get(sender) ?? 0;
  }

  /** The distinct transactions providing any of `tags`. */
  owners(tags: readonly string[]): PoolTx[] {
    const found = new Set<PoolTx>();
    for (const tag of tags) {
      const o = this.#owner.get(tag);
      if (o !== undefined) found.add(o);
    }
    return [...found];
  }

  /** The ready transaction to evict first: lowest priority, newest. */
  worstReady(): PoolTx | undefined {
    return this.#readyWorst.first();
  }

  /** The future transaction to evict first: lowest priority, newest. */
  worstFuture(): PoolTx | undefined {
    return this.#futureWorst.first();
  }

  /** Whether the transaction providing `tag` is in the pool and ready. */
  isProvidedByReady(tag: string): boolean {
    return this.#owner.get(tag)?.state === 'ready';
  }

  /**
   * Whether a newcomer requiring `requires` and replacing `replaced` would depend on one of the
   * replaced transactions or on something that depends on them (a cycle).
   */
  wouldCycle(requires: readonly string[], replaced: readonly PoolTx[]): boolean {
    if (requires.length === 0 || replaced.length === 0) return false;
    const reached = new Set<PoolTx>(replaced);
    const queue = [...replaced];
    while (queue.length > 0) {
      const t = queue.pop()!;
      for (const tag of t.provides) {
        for (const c of this.#requiredBy.get(tag) ?? []) {
          if (!reached.has(c)) {
            reached.add(c);
            queue.push(c);
          }
        }
      }
    }
    for (const tag of requires) {
      const o = this.#owner.get(tag);
      if (o !== undefined && reached.has(o)) return true;
    }
    return false;
  }

  /**
   * Adds `tx` as future, then promotes it (and what it unlocks) when its requirements are met.
   * No other transaction may provide one of its tags, and it must not require what it provides.
   */
  add(tx: PoolTx): void {
    if (this.#entries.has(tx.key)) throw new Error(`TxGraph.add: ${tx.key} already present`);
    this.#entries.set(tx.key, tx);
    this.#bytes += tx.bytes;
    if (tx.sender !== undefined) this.#senders.set(tx.sender, this.senderCount(tx.sender) + 1);
    for (const tag of tx.provides) {
      if (this.#owner.has(tag)) throw new Error(`TxGraph.add: tag ${tag} already provided`);
      this.#owner.set(tag, tx);
    }
    tx.depsInPool = 0;
    tx.unsatisfied = 0;
    tx.inBest = false;
    for (const tag of tx.requires) {
      let set = this.#requiredBy.get(tag);
      if (set === undefined) this.#requiredBy.set(tag, (set = new Set()));
      set.add(tx);
      if (tx.chainTags.has(tag)) continue;
      if (this.isProvidedByReady(tag)) tx.depsInPool++;
      else tx.unsatisfied++;
    }
    tx.state = 'future';
    this.#futureWorst.add(tx);
    this.#futureBytes += tx.bytes;
    this.#touched.add(tx);
    if (tx.unsatisfied === 0) this.#promote(tx);
  }

  /** Removes `tx`; ready transactions that depended on it go back to future. */
  remove(tx: PoolTx): void {
    if (!this.contains(tx)) return;
    if (tx.state === 'ready') {
      this.#demote(tx, true);
    } else {
      this.#futureWorst.delete(tx);
      this.#futureBytes -= tx.bytes;
    }
    this.#unregister(tx);
  }

  #unregister(tx: PoolTx): void {
    this.#touched.add(tx);
    this.#entries.delete(tx.key);
    this.#bytes -= tx.bytes;
    if (tx.sender !== undefined) {
      const n = this.senderCount(tx.sender) - 1;
      if (n > 0) this.#senders.set(tx.sender, n);
      else this.#senders.delete(tx.sender);
    }
    for (const tag of tx.provides) if (this.#owner.get(tag) === tx) this.#owner.delete(tag);
    for (const tag of tx.requires) {
      const set = this.#requiredBy.get(tag);
      if (set === undefined) continue;
      set.delete(tx);
      if (set.size === 0) this.#requiredBy.delete(tag);
    }
  }

  /**
   * Removes `tx` because a block included it: what required its tags now finds them on chain
   * (added to their `chainTags`), so nothing is demoted and futures may be promoted.
   */
  prune(tx: PoolTx): void {
    if (!this.contains(tx)) return;
    const promote: PoolTx[] = [];
    for (const tag of tx.provides) {
      for (const c of this.#requiredBy.get(tag) ?? []) {
        if (c.chainTags.has(tag)) continue;
        c.chainTags.add(tag);
        if (tx.state === 'ready') c.depsInPool--;
        else c.unsatisfied--;
        if (c.state === 'future') {
          if (c.unsatisfied === 0) promote.push(c);
        } else {
          this.#refreshBest(c);
        }
      }
    }
    if (tx.state === 'ready') {
      this.#readyWorst.delete(tx);
      tx.state = 'future';
      this.#refreshBest(tx);
    } else {
      this.#futureWorst.delete(tx);
      this.#futureBytes -= tx.bytes;
    }
    this.#unregister(tx);
    for (const c of promote) this.#promote(c);
  }

  /**
   * Forgets required tags of `tx` that the chain provides (they are in its `chainTags`), as when
   * revalidation at a newer head stops listing them. Costs nothing in ordering.
   */
  dropChainRequirements(tx: PoolTx, tags: readonly string[]): void {
    const drop = new Set(tags.filter((t) => tx.chainTags.has(t)));
    if (drop.size === 0) return;
    for (const tag of drop) {
      tx.chainTags.delete(tag);
      const set = this.#requiredBy.get(tag);
      if (set === undefined) continue;
      set.delete(tx);
      if (set.size === 0) this.#requiredBy.delete(tag);
    }
    tx.requires = tx.requires.filter((t) => !drop.has(t));
  }

  /** Transactions whose queue may have changed since the last call. */
  takeTouched(): PoolTx[] {
    const touched = [...this.#touched];
    this.#touched = new Set();
    return touched;
  }

  /**
   * Ready transactions in inclusion order: never one before a transaction providing a tag it
   * requires, otherwise higher priority first, then older. Lazy; the graph may change between
   * steps (a transaction removed or demoted meanwhile is skipped, and so is what depends on it).
   */
  *ordered(): Generator<PoolTx> {
    const frontier = new OrderedSet<PoolTx, OrderKey>(bestOrder);
    const yielded = new Set<PoolTx>();
    let cursor: OrderKey | undefined;
    for (;;) {
      const a = cursor === undefined ? this.#best.first() : this.#best.after(cursor);
      const b = frontier.first();
      let next: PoolTx;
      if (a !== undefined && (b === undefined || bestOrder(a, b) < 0)) {
        next = a;
        cursor = { priority: a.priority, seq: a.seq };
      } else if (b !== undefined) {
        next = b;
        frontier.delete(b);
      } else {
        return;
      }
      if (yielded.has(next) || !this.#canYield(next, yielded)) continue;
      yielded.add(next);
      yield next;
      if (!this.contains(next) || next.state !== 'ready') continue;
      for (const tag of next.provides) {
        for (const c of this.#requiredBy.get(tag) ?? []) {
          if (!c.chainTags.has(tag) && !yielded.has(c) && this.#canYield(c, yielded)) frontier.add(c);
        }
      }
    }
  }

  #canYield(tx: PoolTx, yielded: ReadonlySet<PoolTx>): boolean {
    if (!this.contains(tx) || tx.state !== 'ready') return false;
    for (const tag of tx.requires) {
      if (tx.chainTags.has(tag)) continue;
      const o = this.#owner.get(tag);
      if (o === undefined || !yielded.has(o)) return false;
    }
    return true;
  }

  #refreshBest(tx: PoolTx): void {
    const want = tx.state === 'ready' && tx.depsInPool === 0;
    if (want === tx.inBest) return;
    tx.inBest = want;
    if (want) this.#best.add(tx);
    else this.#best.delete(tx);
  }

  /** Moves `start` to ready, then everything that this unlocks. */
  #promote(start: PoolTx): void {
    const queue = [start];
    while (queue.length > 0) {
      const tx = queue.pop()!;
      if (tx.state === 'ready' || tx.unsatisfied !== 0 || !this.contains(tx)) continue;
      this.#futureWorst.delete(tx);
      this.#futureBytes -= tx.bytes;
      tx.state = 'ready';
      this.#readyWorst.add(tx);
      this.#touched.add(tx);
      this.#refreshBest(tx);
      for (const tag of tx.provides) {
        for (const c of this.#requiredBy.get(tag) ?? []) {
          if (c.chainTags.has(tag)) continue;
          c.depsInPool++;
          c.unsatisfied--;
          if (c.state === 'future') {
            if (c.unsatisfied === 0) queue.push(c);
          } else {
            this.#refreshBest(c);
          }
        }
      }
    }
  }

  /**
   * Moves `start` out of ready (to future, or nowhere when `removing`), then every ready
   * transaction that loses a requirement with it.
   */
  #demote(start: PoolTx, removing: boolean): void {
    const queue = [start];
    while (queue.length > 0) {
      const tx = queue.pop()!;
      if (tx.state !== 'ready') continue;
      this.#readyWorst.delete(tx);
      tx.state = 'future';
      this.#refreshBest(tx);
      if (!(removing && tx === start)) {
        this.#futureWorst.add(tx);
        this.#futureBytes += tx.bytes;
      }
      this.#touched.add(tx);
      for (const tag of tx.provides) {
        for (const c of this.#requiredBy.get(tag) ?? []) {
          if (c.chainTags.has(tag)) continue;
          c.depsInPool--;
          c.unsatisfied++;
          if (c.state === 'ready') queue.push(c);
        }
      }
    }
  }
}
