import type { KeyValueStore, WriteOp } from '../../store/index.ts';
import type { OwnProposal, OwnSignedEntry, OwnVote, WalEntry } from './WalEntry.ts';
import { decodeWalEntry, encodeWalEntry } from './walEntryCodec.ts';
import { WalError } from './WalError.ts';
import {
  decodeU64BE,
  encodeU64BE,
  LOG_PREFIX,
  logKey,
  logKeyFrom,
  metaKey,
  OWN_PREFIX,
  ownKey,
  ownKeyFrom,
  parseLogKey,
  parseOwnKeyHeight,
  toHex,
} from './walKeys.ts';
import type { MetaId, OwnSlot } from './walKeys.ts';

export interface ConsensusWalOptions {
  /**
   * How many decided heights to keep: appending endHeight(h) (current height becomes h + 1) prunes
   * every height below h + 1 - keepHeights in the same atomic write. A non-negative integer, default 2.
   */
  keepHeights?: number;
}

const U64_MAX = (1n << 64n) - 1n;
const COLUMN = 'wal';

interface PendingSignature {
  readonly entry: OwnSignedEntry;
  readonly durable: Promise<void>;
}

/**
 * The consensus write-ahead log, in the `wal` column of a KeyValueStore (key layout: walKeys.ts,
 * record format: walEntryCodec.ts). The consensus host writes every input here before handling it,
 * and its own votes/proposals through `recordOwnVote`/`recordOwnProposal` before sending them; after
 * a restart it replays `replay(lastEndedHeight() + 1)`.
 *
 * The instance owns the column: open one ConsensusWal per store. Every write is one atomic, durable
 * KeyValueStore batch; sequence numbers and the double-sign check are taken synchronously when a
 * method is called, so concurrent calls are ordered by call order and cannot race past the guard.
 *
 * @example
 * const wal = new ConsensusWal(LmdbKeyValueStore.open(dir));
 * await wal.append({ kind: 'input', height: 5n, data: encodedMessage });
 * const signature = await wal.recordOwnVote({ height: 5n, round: 0, step: 'prevote', blockHash, signed });
 * broadcast(signature); // the bytes returned, which after a restart are the ones signed before
 */
export class ConsensusWal {
  private readonly keepHeights: bigint;
  private nextSequence: bigint;
  private lastEnded: bigint | undefined;
  /** Heights below this were pruned; own signatures there are refused. Raised when a prune is issued. */
  private prunedBelow: bigint;
  /** Own signatures whose write is in flight, by hex own-signature key. */
  private readonly pendingSignatures = new Map<string, PendingSignature>();

  /**
   * Reads the WAL's state from `kv`: the last ended height, the prune floor, and the next sequence
   * number (after every stored entry). Throws WalError CORRUPT if that state is unreadable.
   */
  constructor(
    private readonly kv: KeyValueStore,
    opts: ConsensusWalOptions = {},
  ) {
    const keep = opts.keepHeights ?? 2;
    if (!Number.isSafeInteger(keep) || keep < 0) {
      throw new WalError({ code: 'INVALID_ARGUMENT', field: 'keepHeights', reason: `not a non-negative integer: ${keep}` });
    }
    this.keepHeights = BigInt(keep);
    this.lastEnded = this.readMeta('lastEnded');
    this.prunedBelow = this.readMeta('prunedBelow') ?? 0n;
    this.nextSequence = this.storedNextSequence();
  }

  /**
   * Appends `entry`; resolves once it is durable. Entries are ordered by (height, sequence), the
   * sequence being global and increasing in call order. An own vote/proposal goes through the
   * double-sign guard exactly as in recordOwnVote/recordOwnProposal (and may reject with its errors).
   * endHeight raises lastEndedHeight() once durable and prunes old heights (see keepHeights).
   * Rejects with WalError INVALID_ARGUMENT for out-of-range fields, or the store's error.
   */
  async append(entry: WalEntry): Promise<void> {
    if (entry.kind === 'ownVote' || entry.kind === 'ownProposal') {
      await this.recordOwn(entry);
      return;
    }
    const record = encodeWalEntry(entry);
    const ops = this.logOps(entry.height, record);
    const { height } = entry;
    if (entry.kind === 'endHeight') {
      if (this.lastEnded === undefined || height > this.lastEnded) ops.push(this.metaOp('lastEnded', height));
      const floor = height + 1n - this.keepHeights;
      if (floor > 0n) ops.push(...this.pruneOps(floor));
    }
    await this.kv.write(ops);
    if (entry.kind === 'endHeight' && (this.lastEnded === undefined || height > this.lastEnded)) this.lastEnded = height;
  }

  /**
   * The double-sign guard for votes: records `vote` durably and resolves with its signed bytes,
   * unless a vote is already recorded for the same (height, round, step):
   * - for the same blockHash (null = nil), nothing is written and the PREVIOUSLY signed bytes are
   *   returned, so a restarted node re-sends the signature it sent before — send what this returns;
   * - for a different blockHash, rejects with WalError DOUBLE_SIGN {existing}, writing nothing.
   * Also rejects with HEIGHT_PRUNED for a height below the prune floor, INVALID_ARGUMENT, or the
   * store's error (nothing recorded; the vote must not be sent).
   */
  recordOwnVote(vote: OwnVote): Promise<Uint8Array> {
    return this.recordOwn({ kind: 'ownVote', ...vote });
  }

  /** The double-sign guard for proposals, one per (height, round); otherwise as recordOwnVote. */
  recordOwnProposal(proposal: OwnProposal): Promise<Uint8Array> {
    return this.recordOwn({ kind: 'ownProposal', ...proposal });
  }

  /**
   * The stored entries of `fromHeight` and later, ordered by (height, sequence) — append order within
   * a height — for replay after a restart. Heights up to and including lastEndedHeight() are decided
   * and never returned. Only durable entries are seen. Throws WalError CORRUPT on an undecodable entry.
   */
  replay(fromHeight: bigint): WalEntry[] {
    checkHeight(fromHeight, 'fromHeight');
    const start = this.lastEnded !== undefined && this.lastEnded + 1n > fromHeight ? this.lastEnded + 1n : fromHeight;
    if (start > U64_MAX) return [];
    const entries: WalEntry[] = [];
    for (const [key, value] of this.kv.iterate(COLUMN, { prefix: Uint8Array.of(LOG_PREFIX), start: logKeyFrom(start) })) {
      const keyHex = toHex(key);
      const parsed = parseLogKey(key);
      if (parsed === undefined) throw corrupt(keyHex, 'not a log key');
      const entry = decodeWalEntry(value, keyHex);
      if (entry.height !== parsed.height) throw corrupt(keyHex, `entry height ${entry.height} differs from its key`);
      entries.push(entry);
    }
    return entries;
  }

  /** The highest height whose endHeight entry is durable, if any (kept across pruning and restarts). */
  lastEndedHeight(): bigint | undefined {
    return this.lastEnded;
  }

  /**
   * Deletes every entry and own-signature record of heights below `belowHeight`, atomically; own
   * votes/proposals for those heights are refused from then on (HEIGHT_PRUNED). Resolves once durable.
   */
  async prune(belowHeight: bigint): Promise<void> {
    checkHeight(belowHeight, 'belowHeight');
    await this.kv.write(this.pruneOps(belowHeight));
  }

  private async recordOwn(entry: OwnSignedEntry): Promise<Uint8Array> {
    const record = encodeWalEntry(entry); // validates before anything is checked or reserved
    if (entry.height < this.prunedBelow) {
      throw new WalError({ code: 'HEIGHT_PRUNED', height: entry.height, prunedBelow: this.prunedBelow });
    }
    const key = ownKey(entry.height, entry.round, slotOf(entry));
    const keyHex = toHex(key);
    const pending = this.pendingSignatures.get(keyHex);
    const existing = pending?.entry ?? this.readOwn(key, keyHex);
    if (existing !== undefined) {
      if (!sameTarget(existing, entry)) throw new WalError({ code: 'DOUBLE_SIGN', existing });
      if (pending !== undefined) await pending.durable;
      return existing.signed.slice();
    }
    // A private decoded copy, so later changes to the caller's arrays cannot alter what the guard compares.
    const own = decodeWalEntry(record, keyHex) as OwnSignedEntry;
    const durable = this.kv.write([...this.logOps(entry.height, record), { column: COLUMN, key, value: record }]);
    this.pendingSignatures.set(keyHex, { entry: own, durable });
    try {
      await durable;
    } finally {
      this.pendingSignatures.delete(keyHex);
    }
    return own.signed.slice();
  }

  /** The log record put plus the sequence counter update, consuming one sequence number. */
  private logOps(height: bigint, record: Uint8Array): WriteOp[] {
    const sequence = this.nextSequence++;
    return [
      { column: COLUMN, key: logKey(height, sequence), value: record },
      this.metaOp('nextSequence', this.nextSequence),
    ];
  }

  /** Deletes of every log and own-signature key below `below`, and the raised prune floor. */
  private pruneOps(below: bigint): WriteOp[] {
    const ops: WriteOp[] = [];
    for (const [prefix, heightOf] of [
      [LOG_PREFIX, (k: Uint8Array) => parseLogKey(k)?.height],
      [OWN_PREFIX, parseOwnKeyHeight],
    ] as const) {
      for (const [key] of this.kv.iterate(COLUMN, { prefix: Uint8Array.of(prefix) })) {
        const height = heightOf(key);
        if (height === undefined) throw corrupt(toHex(key), 'malformed key');
        if (height >= below) break;
        ops.push({ column: COLUMN, key, value: null });
      }
    }
    if (below > this.prunedBelow) {
      this.prunedBelow = below;
      ops.push(this.metaOp('prunedBelow', below));
    }
    return ops;
  }

  private readOwn(key: Uint8Array, keyHex: string): OwnSignedEntry | undefined {
    const value = this.kv.get(COLUMN, key);
    if (value === undefined) return undefined;
    const entry = decodeWalEntry(value, keyHex);
    if (entry.kind !== 'ownVote' && entry.kind !== 'ownProposal') throw corrupt(keyHex, `a ${entry.kind} entry in the own-signature index`);
    if (toHex(ownKey(entry.height, entry.round, slotOf(entry))) !== keyHex) throw corrupt(keyHex, 'record does not match its key');
    return entry;
  }

  private storedNextSequence(): bigint {
    let next = this.readMeta('nextSequence') ?? 0n;
    // Also past the highest stored entry, in case the counter lags behind the log.
    for (const [key] of this.kv.iterate(COLUMN, { prefix: Uint8Array.of(LOG_PREFIX), reverse: true, limit: 1 })) {
      const parsed = parseLogKey(key);
      if (parsed === undefined) throw corrupt(toHex(key), 'not a log key');
      if (parsed.sequence >= next) next = parsed.sequence + 1n;
    }
    return next;
  }

  private readMeta(id: MetaId): bigint | undefined {
    const key = metaKey(id);
    const value = this.kv.get(COLUMN, key);
    if (value === undefined) return undefined;
    const n = decodeU64BE(value);
    if (n === undefined) throw corrupt(toHex(key), `${id} is ${value.length} bytes, not 8`);
    return n;
  }

  private metaOp(id: MetaId, n: bigint): WriteOp {
    return { column: COLUMN, key: metaKey(id), value: encodeU64BE(n) };
  }
}

function slotOf(entry: OwnSignedEntry): OwnSlot {
  return entry.kind === 'ownProposal' ? 'proposal' : entry.step;
}

/** Same (height, round, step) is given by the key; the same signature target means the same block (or both nil). */
function sameTarget(a: OwnSignedEntry, b: OwnSignedEntry): boolean {
  if (a.kind !== b.kind) return false;
  if (a.blockHash === null || b.blockHash === null) return a.blockHash === b.blockHash;
  return a.blockHash.length === b.blockHash.length && a.blockHash.every((x, i) => x === b.blockHash?.[i]);
}

function corrupt(key: string, reason: string): WalError {
  return new WalError({ code: 'CORRUPT', key, reason });
}

function checkHeight(height: bigint, field: string): void {
  if (typeof height !== 'bigint' || height < 0n) throw new WalError({ code: 'INVALID_ARGUMENT', field, reason: `not a height: ${String(height)}` });
}
