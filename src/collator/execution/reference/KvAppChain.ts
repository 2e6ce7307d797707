import { verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { merkleRoot } from '../../../primitives/binaryMerkle.ts';
import { initHashing } from '../../../primitives/hashing.ts';
import type { ExecutionHead } from '../ExecutionFeed.ts';
import { decodeKvTransaction } from './decodeKvTransaction.ts';
import { kvGenesisHeader, sealKvBlockHeader } from './KvBlock.ts';
import type { KvBlock, KvBlockHeader } from './KvBlock.ts';
import { KvJournal } from './KvJournal.ts';
import { KvStateTree } from './KvStateTree.ts';
import { ED25519_SIGNATURE_BYTES } from './KvTransaction.ts';
import type { KvTransaction } from './KvTransaction.ts';
import { KvTransactionError } from './KvTransactionError.ts';
import { ed25519PublicKeyObject } from './kvKeyPair.ts';
import { kvSigningMessage } from './kvSigningMessage.ts';
import { ReferenceChainError } from './ReferenceChainError.ts';

export interface KvAppChainOptions {
  readonly paraId: number;
  /** Journal directory (LMDB); without it the chain lives in memory only. */
  readonly directory?: string;
  /** Signers whose parsed ed25519 key is kept (parsing one costs about as much as a verify). Default 4096. */
  readonly keyCacheSize?: number;
}

/** Why `applyTransaction` refused a payload; the chain state is unchanged then. */
export type KvSkipReason = 'undecodable' | 'wrong para' | 'bad signature' | 'stale nonce' | 'future nonce';

export type KvApplyOutcome =
  | { readonly applied: true; readonly transaction: KvTransaction }
  | { readonly applied: false; readonly reason: KvSkipReason; readonly detail: string };

/** State-tree namespaces: one byte before every key, so nonces and data share the root. */
const NONCE_PREFIX = '\x00';
const DATA_PREFIX = '\x01';

/**
 * The reference app chain: a key-value store with per-signer nonces, whose state root
 * (`KvStateTree`) covers both (`0x01 ‖ key` → value, `0x00 ‖ signer` → next nonce as u64 LE).
 * Transactions (`encodeKvTransaction` format) are applied one at a time, in the order given;
 * `sealBlock` closes a block over the applied ones; `commit` makes sealed blocks and the relay
 * head durable in one atomic journal write (when a directory is given).
 *
 * @example
 * const chain = await KvAppChain.open({ paraId: 100 });
 * const alice = generateKvKeyPair();
 * chain.applyTransaction(signKvTransaction(alice.privateKey, {
 *   paraId: 100, nonce: 0n, operations: [{ type: 'set', key: Buffer.from('k'), value: Buffer.from('v') }],
 * }));
 * const block = chain.sealBlock(); // block.number === 1n
 * await chain.commit(7n);          // relay block 7 fully executed
 */
export class KvAppChain {
  readonly #tree = new KvStateTree();
  readonly #keys = new Map<string, KeyObject>();
  readonly #pending: Uint8Array[] = [];
  /** Keys touched since the last seal (journaled chains only). */
  readonly #touched = new Set<string>();
  /** Values of keys as of the last seal, not yet committed (null: deleted). */
  #unsealedChanges = new Map<string, Uint8Array | null>();
  #uncommittedBlocks: KvBlock[] = [];
  #lastBlock: KvBlockHeader;
  #head: ExecutionHead | undefined;
  #closed = false;

  private constructor(
    readonly paraId: number,
    private readonly journal: KvJournal | undefined,
    private readonly keyCacheSize: number,
    lastBlock: KvBlockHeader,
    head: ExecutionHead | undefined,
  ) {
    this.#lastBlock = lastBlock;
    this.#head = head;
  }

  /**
   * Opens the chain of `paraId`, resuming from its journal when `directory` holds one (the state
   * root is recomputed and checked against the last block). Awaits `initHashing()` itself.
   * Throws ReferenceChainError INVALID_OPTION, JOURNAL_FAILED, WRONG_PARA or CORRUPTED.
   */
  static async open(options: KvAppChainOptions): Promise<KvAppChain> {
    const { paraId, directory, keyCacheSize = 4096 } = options;
    if (!Number.isInteger(paraId) || paraId < 0 || paraId > 0xffff_ffff) throw new ReferenceChainError('INVALID_OPTION', `para id ${paraId} is not a u32`);
    if (!Number.isInteger(keyCacheSize) || keyCacheSize < 1) throw new ReferenceChainError('INVALID_OPTION', `keyCacheSize ${keyCacheSize}`);
    await initHashing();
    if (directory === undefined) return new KvAppChain(paraId, undefined, keyCacheSize, kvGenesisHeader(paraId), undefined);
    const journal = KvJournal.open(directory, paraId);
    try {
      const contents = journal.load();
      const lastBlock = contents.lastBlock ?? kvGenesisHeader(paraId);
      const chain = new KvAppChain(paraId, journal, keyCacheSize, lastBlock, contents.head);
      for (const [key, value] of contents.state) chain.#tree.set(key, value);
      const root = chain.#tree.root();
      if (!equalBytes(root, lastBlock.stateRoot)) {
        throw new ReferenceChainError('CORRUPTED', `journal state does not match block ${lastBlock.number}'s state root`, { path: directory });
      }
      return chain;
    } catch (e) {
      await journal.close();
      throw e;
    }
  }

  /** The value of a data key, or undefined. */
  get(key: Uint8Array): Uint8Array | undefined {
    return this.#tree.get(DATA_PREFIX + latin1(key));
  }

  /** The nonce `signer`'s next transaction must carry. */
  nonceOf(signer: Uint8Array): bigint {
    const stored = this.#tree.get(NONCE_PREFIX + latin1(signer));
    return stored === undefined ? 0n : new DataView(stored.buffer, stored.byteOffset, 8).getBigUint64(0, true);
  }

  /** Root of the current state, applied-but-unsealed transactions included. */
  stateRoot(): Uint8Array {
    return this.#tree.root();
  }

  /** Transactions applied since the last seal. */
  get pendingCount(): number {
    return this.#pending.length;
  }

  /** The last sealed block (the genesis header before any). */
  get lastBlock(): KvBlockHeader {
    return this.#lastBlock;
  }

  /** The durable head: the last relay block whose transactions are all in committed blocks. */
  head(): ExecutionHead | undefined {
    return this.#head;
  }

  /**
   * Decodes and validates one payload — para id, ed25519 signature over
   * `kvSigningMessage(body)`, nonce equal to the signer's next — and, if valid, applies its
   * operations in order and bumps the nonce. An invalid payload changes nothing and is reported,
   * never thrown.
   */
  applyTransaction(payload: Uint8Array): KvApplyOutcome {
    this.#assertOpen();
    let tx: KvTransaction;
    try {
      tx = decodeKvTransaction(payload);
    } catch (e) {
      if (e instanceof KvTransactionError) return { applied: false, reason: 'undecodable', detail: `${e.code}: ${e.message}` };
      throw e;
    }
    if (tx.paraId !== this.paraId) return { applied: false, reason: 'wrong para', detail: `for para ${tx.paraId}` };
    const signer = latin1(tx.signer);
    const body = payload.subarray(0, payload.length - ED25519_SIGNATURE_BYTES);
    if (!this.#verify(signer, tx.signer, body, tx.signature)) return { applied: false, reason: 'bad signature', detail: 'ed25519 verification failed' };
    const nonceKey = NONCE_PREFIX + signer;
    const expected = this.nonceOf(tx.signer);
    if (tx.nonce !== expected) {
      return { applied: false, reason: tx.nonce < expected ? 'stale nonce' : 'future nonce', detail: `nonce ${tx.nonce}, expected ${expected}` };
    }
    for (const op of tx.operations) {
      const key = DATA_PREFIX + latin1(op.key);
      if (op.type === 'set') this.#tree.set(key, op.value.slice());
      else this.#tree.delete(key);
      if (this.journal !== undefined) this.#touched.add(key);
    }
    const nonce = new Uint8Array(8);
    new DataView(nonce.buffer).setBigUint64(0, expected + 1n, true);
    this.#tree.set(nonceKey, nonce);
    if (this.journal !== undefined) this.#touched.add(nonceKey);
    this.#pending.push(payload.slice());
    return { applied: true, transaction: tx };
  }

  /**
   * Closes a block over the transactions applied since the last seal (possibly none): number =
   * last + 1, parent = last block's hash, state root, tx root. It is kept in memory until `commit`.
   */
  sealBlock(): KvBlock {
    this.#assertOpen();
    const transactions = this.#pending.splice(0);
    const header = sealKvBlockHeader({
      paraId: this.paraId,
      number: this.#lastBlock.number + 1n,
      parentHash: this.#lastBlock.hash,
      stateRoot: this.#tree.root(),
      txRoot: merkleRoot(transactions),
      txCount: transactions.length,
    });
    const block: KvBlock = { ...header, transactions };
    this.#lastBlock = header;
    if (this.journal !== undefined) {
      for (const key of this.#touched) this.#unsealedChanges.set(key, this.#tree.get(key) ?? null);
      this.#touched.clear();
      this.#uncommittedBlocks.push(block);
    }
    return block;
  }

  /**
   * Records durably (one atomic journal write) every block sealed since the last commit, their
   * state, and the head: relay block `relayBlockNumber` fully executed, at the last sealed block.
   * Throws ReferenceChainError ALREADY_EXECUTED (not above the current head), PENDING_NOT_SEALED,
   * JOURNAL_FAILED or CLOSED.
   */
  async commit(relayBlockNumber: bigint): Promise<ExecutionHead> {
    this.#assertOpen();
    if (this.#head !== undefined && relayBlockNumber <= this.#head.relayBlockNumber) {
      throw new ReferenceChainError('ALREADY_EXECUTED', `relay block ${relayBlockNumber} is not above the head ${this.#head.relayBlockNumber}`, {
        relayBlockNumber,
      });
    }
    if (this.#pending.length > 0) throw new ReferenceChainError('PENDING_NOT_SEALED', `${this.#pending.length} applied transactions are not sealed`);
    const head: ExecutionHead = { relayBlockNumber, appBlockNumber: this.#lastBlock.number, appBlockHash: this.#lastBlock.hash };
    if (this.journal !== undefined) {
      const changes = this.#unsealedChanges;
      const blocks = this.#uncommittedBlocks;
      this.#unsealedChanges = new Map();
      this.#uncommittedBlocks = [];
      try {
        await this.journal.commit({ changes, blocks, head });
      } catch (e) {
        // Nothing was written: keep the work for the next attempt.
        for (const [key, value] of this.#unsealedChanges) changes.set(key, value);
        this.#unsealedChanges = changes;
        this.#uncommittedBlocks = [...blocks, ...this.#uncommittedBlocks];
        throw e;
      }
    }
    this.#head = head;
    return head;
  }

  /** A committed block with its transactions (journaled chains; undefined otherwise or when unknown). */
  readBlock(number: bigint): KvBlock | undefined {
    this.#assertOpen();
    return this.journal?.readBlock(number);
  }

  /** Closes the journal; uncommitted work is dropped. Safe to call twice. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.journal?.close();
  }

  #verify(signer: string, raw: Uint8Array, body: Uint8Array, signature: Uint8Array): boolean {
    let key = this.#keys.get(signer);
    if (key === undefined) {
      try {
        key = ed25519PublicKeyObject(raw);
      } catch {
        return false;
      }
      if (this.#keys.size >= this.keyCacheSize) this.#keys.delete(this.#keys.keys().next().value!);
      this.#keys.set(signer, key);
    }
    try {
      return verify(null, kvSigningMessage(body), key, signature);
    } catch {
      return false;
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new ReferenceChainError('CLOSED', `reference chain of para ${this.paraId} is closed`, { paraId: this.paraId });
  }
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
