import { mkdirSync } from 'node:fs';
import { open } from 'lmdb';
import type { Database, RootDatabase } from 'lmdb';
import { CandidateError } from './CandidateError.ts';
import { hashHex } from './payloadHash.ts';
import { acquireStoreDirLock } from './storeDirLock.ts';

/** An accepted payload waiting to be sequenced; `seq` orders the queue (acceptance order). */
export interface QueuedPayload {
  readonly seq: number;
  readonly hash: Uint8Array;
  readonly payload: Uint8Array;
}

/**
 * The candidate sent (or about to be sent) to the relay: the queue entries it carries and the
 * signed extrinsic itself, recorded durably before the first send so that after a restart the
 * very same transaction (same hash, same nonce) is looked for and, if still possible, resent.
 */
export interface InFlightBatch {
  readonly seqs: readonly number[];
  readonly txHash: Uint8Array;
  readonly txBytes: Uint8Array;
  readonly relayParent: Uint8Array;
  readonly relayParentNumber: bigint;
  readonly nonce: bigint;
}

/** What one finalized relay block did to this para, as the scanner found it. */
export interface ScannedBlock {
  readonly number: bigint;
  /** Hashes of the payloads sequenced for this para in the block (by anyone), in order. */
  readonly sequenced: readonly Uint8Array[];
  /** Whether the in-flight candidate's extrinsic is in this block, and how it ended. */
  readonly inFlight?: 'included' | 'failed';
}

export type AcceptOutcome = 'accepted' | 'duplicate' | 'full';

type Bin = Database<Uint8Array, Uint8Array>;

const META_PARA = key('paraId');
const META_SCANNED = key('lastScanned');
const META_RELAY = key('relayGenesis');
const META_INFLIGHT = key('inFlight');
const META_INFLIGHT_TX = key('inFlightTx');

/**
 * The collator's durable state in one LMDB environment (a directory): the queue of accepted but
 * unsequenced payloads (in order, with a by-hash index for dedup), the in-flight candidate, the
 * hashes sequenced within the last `recentWindowBlocks` finalized relay blocks (dedup against
 * what is already sequenced), and the last scanned relay block. Every method that changes state
 * resolves once the change is committed and fsync'd; each is one atomic transaction.
 *
 * @example
 * const store = CandidateStore.open(dir, { paraId: 100 });
 * const [outcome] = await store.accept([{ hash, payload }], 100_000); // 'accepted' — durable now
 * await store.close();
 */
export class CandidateStore {
  readonly path: string;
  readonly #root: RootDatabase<Uint8Array, Uint8Array>;
  readonly #meta: Bin;
  readonly #queue: Bin;
  readonly #byHash: Bin;
  readonly #recent: Bin;
  readonly #recentByBlock: Bin;
  readonly #release: () => void;
  readonly #recentWindow: bigint;
  #nextSeq: number;
  #queuedCount: number;
  #closing: Promise<void> | null = null;

  private constructor(path: string, root: RootDatabase<Uint8Array, Uint8Array>, release: () => void, recentWindow: bigint) {
    this.path = path;
    this.#root = root;
    this.#release = release;
    this.#recentWindow = recentWindow;
    const db = (name: string): Bin => root.openDB<Uint8Array, Uint8Array>({ name, keyEncoding: 'binary', encoding: 'binary' });
    this.#meta = db('meta');
    this.#queue = db('queue');
    this.#byHash = db('byHash');
    this.#recent = db('recent');
    this.#recentByBlock = db('recentByBlock');
    let last = -1;
    for (const k of this.#queue.getKeys({ reverse: true, limit: 1 })) last = readSeq(k);
    this.#nextSeq = last + 1;
    this.#queuedCount = this.#queue.getCount();
  }

  /**
   * Opens (creating) the store in `dir` for `paraId`. Throws CandidateError STORE_LOCKED (a live
   * process holds it), STORE_MISMATCH (it belongs to another para) or STORE_FAILED.
   * `recentWindowBlocks` (default 14 400) bounds the sequenced-hash memory used for dedup.
   */
  static open(dir: string, opts: { readonly paraId: number; readonly recentWindowBlocks?: number }): CandidateStore {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (cause) {
      throw new CandidateError({ code: 'STORE_FAILED', path: dir }, `cannot create collator data directory ${dir}`, { cause });
    }
    const release = acquireStoreDirLock(dir);
    let root: RootDatabase<Uint8Array, Uint8Array> | undefined;
    try {
      root = open<Uint8Array, Uint8Array>({ path: dir, maxDbs: 8, overlappingSync: false, noSync: false, keyEncoding: 'binary', encoding: 'binary' });
      const store = new CandidateStore(dir, root, release, BigInt(opts.recentWindowBlocks ?? 14_400));
      const para = copy(store.#meta.get(META_PARA));
      if (para === undefined) {
        root.transactionSync(() => store.#meta.putSync(META_PARA, u32(opts.paraId)));
      } else if (Buffer.from(para).readUInt32BE(0) !== opts.paraId) {
        throw new CandidateError({ code: 'STORE_MISMATCH', path: dir }, `collator data directory ${dir} belongs to para ${Buffer.from(para).readUInt32BE(0)}, not ${opts.paraId}`);
      }
      return store;
    } catch (e) {
      void root?.close().catch(() => undefined);
      release();
      if (e instanceof CandidateError) throw e;
      throw new CandidateError({ code: 'STORE_FAILED', path: dir }, `cannot open collator data directory ${dir}: ${(e as Error).message}`, { cause: e });
    }
  }

  /**
   * Binds the store to the relay chain with this genesis hash on first use; afterwards refuses
   * (STORE_MISMATCH) another chain, e.g. a dev relay restarted from scratch, whose block numbers
   * and hashes would not match what the store remembers.
   */
  async bindRelay(genesisHash: Uint8Array): Promise<void> {
    this.#assertOpen();
    const known = copy(this.#meta.get(META_RELAY));
    if (known === undefined) {
      await this.#write(() => this.#meta.putSync(META_RELAY, genesisHash));
    } else if (Buffer.compare(known, genesisHash) !== 0) {
      throw new CandidateError({ code: 'STORE_MISMATCH', path: this.path }, `collator data directory ${this.path} belongs to relay chain ${hashHex(known)}, not ${hashHex(genesisHash)}`);
    }
  }

  /**
   * Appends the new payloads to the queue, in order, in one durable commit. A payload already
   * queued or recently sequenced (or repeated within `items`) is a `duplicate`; once the queue
   * holds `maxQueued` payloads the rest are `full`.
   */
  accept(items: readonly { readonly hash: Uint8Array; readonly payload: Uint8Array }[], maxQueued: number): Promise<AcceptOutcome[]> {
    return this.#write(() => {
      const seen = new Set<string>();
      return items.map(({ hash, payload }): AcceptOutcome => {
        const id = hashHex(hash);
        if (seen.has(id) || this.#byHash.get(hash) !== undefined || this.#recent.get(hash) !== undefined) return 'duplicate';
        if (this.#queuedCount >= maxQueued) return 'full';
        seen.add(id);
        const seq = this.#nextSeq++;
        this.#queue.putSync(seqKey(seq), Buffer.concat([hash, payload]));
        this.#byHash.putSync(hash, seqKey(seq));
        this.#queuedCount++;
        return 'accepted';
      });
    });
  }

  /** Whether a payload hash is waiting in the queue or was sequenced within the recent window. */
  statusOf(hash: Uint8Array): 'queued' | 'sequenced' | undefined {
    this.#assertOpen();
    if (this.#byHash.get(hash) !== undefined) return 'queued';
    return this.#recent.get(hash) !== undefined ? 'sequenced' : undefined;
  }

  /** The relay block where a payload hash was last seen sequenced, within the recent window. */
  sequencedAt(hash: Uint8Array): bigint | undefined {
    this.#assertOpen();
    const v = this.#recent.get(hash);
    return v === undefined ? undefined : Buffer.from(v).readBigUInt64BE(0);
  }

  /** The queue from its head, in order (at most `limit` entries). */
  queued(limit = Number.POSITIVE_INFINITY): QueuedPayload[] {
    this.#assertOpen();
    const out: QueuedPayload[] = [];
    if (limit <= 0) return out;
    for (const { key: k, value } of this.#queue.getRange(Number.isFinite(limit) ? { limit } : {})) {
      out.push({ seq: readSeq(k), hash: Uint8Array.from(value.subarray(0, 32)), payload: Uint8Array.from(value.subarray(32)) });
    }
    return out;
  }

  /** The hashes of the queue entries `seqs` (those still queued), in the given order. */
  hashesOf(seqs: readonly number[]): Uint8Array[] {
    this.#assertOpen();
    const out: Uint8Array[] = [];
    for (const seq of seqs) {
      const value = this.#queue.get(seqKey(seq));
      if (value !== undefined) out.push(Uint8Array.from(value.subarray(0, 32)));
    }
    return out;
  }

  get queuedCount(): number {
    return this.#queuedCount;
  }

  /** Removes payloads that can never be sequenced (e.g. over a lowered MaxPayloadBytes). */
  dropQueued(seqs: readonly number[]): Promise<void> {
    return this.#write(() => {
      for (const seq of seqs) this.#removeQueued(seq);
    });
  }

  inFlight(): InFlightBatch | undefined {
    this.#assertOpen();
    const json = copy(this.#meta.get(META_INFLIGHT));
    const txBytes = this.#meta.get(META_INFLIGHT_TX);
    if (json === undefined || txBytes === undefined) return undefined;
    const r = JSON.parse(Buffer.from(json).toString('utf8')) as { seqs: number[]; txHash: string; relayParent: string; relayParentNumber: string; nonce: string };
    return {
      seqs: r.seqs,
      txHash: fromHex(r.txHash),
      txBytes: Uint8Array.from(txBytes),
      relayParent: fromHex(r.relayParent),
      relayParentNumber: BigInt(r.relayParentNumber),
      nonce: BigInt(r.nonce),
    };
  }

  /** Records the candidate about to be sent (durable before it is). Replaces any previous one. */
  recordInFlight(batch: InFlightBatch): Promise<void> {
    const json = JSON.stringify({
      seqs: batch.seqs,
      txHash: hashHex(batch.txHash),
      relayParent: hashHex(batch.relayParent),
      relayParentNumber: batch.relayParentNumber.toString(),
      nonce: batch.nonce.toString(),
    });
    return this.#write(() => {
      this.#meta.putSync(META_INFLIGHT, Buffer.from(json, 'utf8'));
      this.#meta.putSync(META_INFLIGHT_TX, batch.txBytes);
    });
  }

  /** Forgets the in-flight candidate; its payloads stay queued and go into the next one. */
  clearInFlight(): Promise<void> {
    return this.#write(() => this.#clearInFlight());
  }

  /** The highest relay block number already applied with {@link applyBlock}. */
  lastScanned(): bigint | undefined {
    this.#assertOpen();
    const v = this.#meta.get(META_SCANNED);
    return v === undefined ? undefined : Buffer.from(v).readBigUInt64BE(0);
  }

  /**
   * Applies one finalized relay block, atomically: remembers its sequenced hashes (dedup),
   * removes from the queue payloads someone else sequenced (unless they travel in the in-flight
   * candidate, which cannot be recalled), settles the in-flight candidate (`included`: its
   * payloads leave the queue; `failed`: it is forgotten and its payloads stay queued), forgets
   * hashes older than the recent window, and advances `lastScanned`.
   * Returns the queue entries that left the queue because this collator's candidate was included.
   */
  applyBlock(block: ScannedBlock): Promise<{ readonly included: readonly number[] }> {
    return this.#write(() => {
      const inFlight = this.#readInFlightSeqs();
      let included: number[] = [];
      if (block.inFlight !== undefined && inFlight !== undefined) {
        if (block.inFlight === 'included') {
          included = inFlight;
          for (const seq of inFlight) this.#removeQueued(seq);
        }
        this.#clearInFlight();
      }
      const keep = new Set(block.inFlight === undefined ? inFlight ?? [] : []);
      for (const hash of block.sequenced) {
        const queuedAt = copy(this.#byHash.get(hash));
        if (queuedAt !== undefined && !keep.has(readSeq(queuedAt))) this.#removeQueued(readSeq(queuedAt));
        const previous = copy(this.#recent.get(hash));
        if (previous !== undefined) this.#recentByBlock.removeSync(Buffer.concat([previous, hash]));
        this.#recent.putSync(hash, u64(block.number));
        this.#recentByBlock.putSync(Buffer.concat([u64(block.number), hash]), new Uint8Array(0));
      }
      const oldest = block.number - this.#recentWindow;
      if (oldest > 0n) {
        const expired = [...this.#recentByBlock.getKeys({ end: u64(oldest) })].map((k) => Uint8Array.from(k));
        for (const k of expired) {
          const hash = k.subarray(8);
          const at = this.#recent.get(hash);
          if (at !== undefined && Buffer.compare(at, k.subarray(0, 8)) === 0) this.#recent.removeSync(hash);
          this.#recentByBlock.removeSync(k);
        }
      }
      this.#meta.putSync(META_SCANNED, u64(block.number));
      return { included };
    });
  }

  /** Waits for commits in flight, then releases the directory. Safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      try {
        await this.#root.close();
      } finally {
        this.#release();
      }
    })();
    return this.#closing;
  }

  #write<T>(action: () => T): Promise<T> {
    if (this.#closing !== null) return Promise.reject(new CandidateError({ code: 'STORE_FAILED', path: this.path }, `collator store ${this.path} is closed`));
    const countBefore = this.#queuedCount;
    const nextBefore = this.#nextSeq;
    return this.#root.transaction(() => {
      try {
        return action();
      } catch (e) {
        this.#queuedCount = countBefore;
        this.#nextSeq = nextBefore;
        throw e;
      }
    }).catch((cause: unknown) => {
      if (cause instanceof CandidateError) throw cause;
      throw new CandidateError({ code: 'STORE_FAILED', path: this.path }, `collator store commit failed in ${this.path}: ${(cause as Error).message}`, { cause });
    });
  }

  #removeQueued(seq: number): void {
    const k = seqKey(seq);
    const value = copy(this.#queue.get(k));
    if (value === undefined) return;
    this.#queue.removeSync(k);
    this.#byHash.removeSync(value.subarray(0, 32));
    this.#queuedCount--;
  }

  #readInFlightSeqs(): number[] | undefined {
    const json = this.#meta.get(META_INFLIGHT);
    return json === undefined ? undefined : (JSON.parse(Buffer.from(json).toString('utf8')) as { seqs: number[] }).seqs;
  }

  #clearInFlight(): void {
    this.#meta.removeSync(META_INFLIGHT);
    this.#meta.removeSync(META_INFLIGHT_TX);
  }

  #assertOpen(): void {
    if (this.#closing !== null) throw new CandidateError({ code: 'STORE_FAILED', path: this.path }, `collator store ${this.path} is closed`);
  }
}

/** lmdb-js may reuse the buffer of a read for the next one: keep a copy of what is used later. */
function copy(bytes: Uint8Array | undefined): Uint8Array | undefined {
  return bytes === undefined ? undefined : Uint8Array.from(bytes);
}

function key(name: string): Uint8Array {
  return Buffer.from(name, 'utf8');
}

function u32(n: number): Uint8Array {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function u64(n: bigint): Uint8Array {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(n);
  return b;
}

function seqKey(seq: number): Uint8Array {
  return u64(BigInt(seq));
}

function readSeq(k: Uint8Array): number {
  return Number(Buffer.from(k.buffer, k.byteOffset, k.byteLength).readBigUInt64BE(0));
}

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
}
