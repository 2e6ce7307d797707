import { mkdirSync } from 'node:fs';
import { open } from 'lmdb';
import type { Database, RootDatabase } from 'lmdb';
import type { ExecutionHead } from '../ExecutionFeed.ts';
import { decodeKvBlockHeader, encodeKvBlockHeader, KV_BLOCK_HEADER_BYTES } from './KvBlock.ts';
import type { KvBlock, KvBlockHeader } from './KvBlock.ts';
import { ReferenceChainError } from './ReferenceChainError.ts';

/** What a journal holds when it is opened. */
export interface KvJournalContents {
  /** The state as of `head` (binary-string keys, see KvStateTree). */
  readonly state: ReadonlyMap<string, Uint8Array>;
  /** The block `head` points at (undefined: none sealed yet). */
  readonly lastBlock: KvBlockHeader | undefined;
  readonly head: ExecutionHead | undefined;
}

/** One atomic write: the state changes of the blocks, the blocks, and the head that covers them. */
export interface KvJournalCommit {
  /** Key → new value, or null for a deletion. */
  readonly changes: ReadonlyMap<string, Uint8Array | null>;
  readonly blocks: readonly KvBlock[];
  readonly head: ExecutionHead;
}

type Db = Database<Uint8Array, Uint8Array>;

const META_PARA_ID = new TextEncoder().encode('paraId');
const META_HEAD = new TextEncoder().encode('head');

/**
 * The reference chain's durable record, one LMDB environment in a directory with three named
 * databases: `state` (key → value), `blocks` (u64 big-endian number → header ‖ (u32 length ‖
 * payload)*), `meta` (`paraId` u32 LE, `head` relay u64 BE ‖ app number u64 BE ‖ app hash [32]).
 * `commit` writes state changes, blocks and head in one LMDB transaction, synced to disk before
 * it resolves (overlappingSync off), so the head is never ahead of or behind the state.
 * One open journal per directory (no cross-process lock: the owner must ensure it).
 */
export class KvJournal {
  #closed: Promise<void> | undefined;

  private constructor(
    readonly path: string,
    private readonly root: RootDatabase<Uint8Array, Uint8Array>,
    private readonly state: Db,
    private readonly blocks: Db,
    private readonly meta: Db,
  ) {}

  /** Opens (creating) the journal of para `paraId` in `directory`; throws ReferenceChainError JOURNAL_FAILED or WRONG_PARA. */
  static open(directory: string, paraId: number): KvJournal {
    let root: RootDatabase<Uint8Array, Uint8Array>;
    try {
      mkdirSync(directory, { recursive: true });
      root = open<Uint8Array, Uint8Array>({
        path: directory,
        maxDbs: 4,
        overlappingSync: false,
        noSync: false,
        keyEncoding: 'binary',
        encoding: 'binary',
      });
    } catch (cause) {
      throw new ReferenceChainError('JOURNAL_FAILED', `cannot open the reference chain journal in ${directory}`, { path: directory }, { cause });
    }
    const db = (name: string): Db => root.openDB<Uint8Array, Uint8Array>({ name, keyEncoding: 'binary', encoding: 'binary' });
    const journal = new KvJournal(directory, root, db('state'), db('blocks'), db('meta'));
    const stored = journal.meta.get(META_PARA_ID);
    if (stored === undefined) {
      const bytes = new Uint8Array(4);
      new DataView(bytes.buffer).setUint32(0, paraId, true);
      root.transactionSync(() => journal.meta.putSync(META_PARA_ID, bytes));
    } else {
      const storedParaId = new DataView(stored.buffer, stored.byteOffset, stored.byteLength).getUint32(0, true);
      if (storedParaId !== paraId) {
        void root.close();
        throw new ReferenceChainError('WRONG_PARA', `journal ${directory} belongs to para ${storedParaId}, not ${paraId}`, { paraId: storedParaId, path: directory });
      }
    }
    return journal;
  }

  load(): KvJournalContents {
    const state = new Map<string, Uint8Array>();
    for (const { key, value } of this.state.getRange()) state.set(Buffer.from(key).toString('latin1'), new Uint8Array(value));
    const stored = this.meta.get(META_HEAD);
    if (stored === undefined) return { state, lastBlock: undefined, head: undefined };
    const headBytes = new Uint8Array(stored);
    const view = new DataView(headBytes.buffer, headBytes.byteOffset, headBytes.byteLength);
    const head: ExecutionHead = {
      relayBlockNumber: view.getBigUint64(0, false),
      appBlockNumber: view.getBigUint64(8, false),
      appBlockHash: new Uint8Array(headBytes.subarray(16, 48)),
    };
    const lastBlock = head.appBlockNumber === 0n ? undefined : this.readBlock(head.appBlockNumber);
    if (head.appBlockNumber !== 0n && lastBlock === undefined) {
      throw new ReferenceChainError('CORRUPTED', `journal head points at missing block ${head.appBlockNumber}`, { path: this.path });
    }
    return { state, lastBlock, head };
  }

  readBlock(number: bigint): KvBlock | undefined {
    const stored = this.blocks.get(blockKey(number));
    if (stored === undefined) return undefined;
    const bytes = new Uint8Array(stored); // a plain copy: lmdb-js hands out Buffers, whose slice() is a view
    const header = decodeKvBlockHeader(bytes.subarray(0, KV_BLOCK_HEADER_BYTES));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const transactions: Uint8Array[] = [];
    for (let offset = KV_BLOCK_HEADER_BYTES; offset < bytes.length; ) {
      const length = view.getUint32(offset, true);
      transactions.push(bytes.slice(offset + 4, offset + 4 + length));
      offset += 4 + length;
    }
    return { ...header, transactions };
  }

  /** Writes `commit` atomically and durably; throws ReferenceChainError JOURNAL_FAILED. */
  async commit(commit: KvJournalCommit): Promise<void> {
    if (this.#closed !== undefined) throw new ReferenceChainError('CLOSED', 'journal closed', { path: this.path });
    const head = new Uint8Array(48);
    const view = new DataView(head.buffer);
    view.setBigUint64(0, commit.head.relayBlockNumber, false);
    view.setBigUint64(8, commit.head.appBlockNumber, false);
    head.set(commit.head.appBlockHash, 16);
    const blocks = commit.blocks.map((block) => [blockKey(block.number), encodeBlock(block)] as const);
    try {
      await this.root.transaction(() => {
        for (const [key, value] of commit.changes) {
          const k = Buffer.from(key, 'latin1');
          if (value === null) this.state.removeSync(k);
          else this.state.putSync(k, value);
        }
        for (const [key, value] of blocks) this.blocks.putSync(key, value);
        this.meta.putSync(META_HEAD, head);
      });
      await this.root.flushed;
    } catch (cause) {
      throw new ReferenceChainError('JOURNAL_FAILED', `cannot write the reference chain journal in ${this.path}`, { path: this.path }, { cause });
    }
  }

  /** Safe to call twice. */
  close(): Promise<void> {
    this.#closed ??= this.root.close();
    return this.#closed;
  }
}

function blockKey(number: bigint): Uint8Array {
  const key = new Uint8Array(8);
  new DataView(key.buffer).setBigUint64(0, number, false);
  return key;
}

function encodeBlock(block: KvBlock): Uint8Array {
  let size = KV_BLOCK_HEADER_BYTES;
  for (const tx of block.transactions) size += 4 + tx.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(encodeKvBlockHeader(block), 0);
  let offset = KV_BLOCK_HEADER_BYTES;
  for (const tx of block.transactions) {
    view.setUint32(offset, tx.length, true);
    out.set(tx, offset + 4);
    offset += 4 + tx.length;
  }
  return out;
}
