import type { OrderedSlice } from '../../ParaTransaction.ts';
import type { AppBlock, ExecutionFeed, ExecutionHead, ExecutionReport, SkippedTransaction } from '../ExecutionFeed.ts';
import { KvAppChain } from './KvAppChain.ts';
import type { KvAppChainOptions } from './KvAppChain.ts';
import { ReferenceChainError } from './ReferenceChainError.ts';

export interface ReferenceFeedOptions {
  /** Seal an app block as soon as it holds this many transactions, so one slice may give several blocks. Default: no limit. */
  readonly maxTransactionsPerBlock?: number;
  /**
   * Gather the slices of N relay blocks into one app block. Windows are aligned on relay numbers
   * (relay blocks r with equal ⌊r / N⌋), so the block boundaries are a function of the relay order
   * alone and come out the same after a restart. Default 1: one app block per relay slice.
   */
  readonly relayBlocksPerAppBlock?: number;
}

type Position = { readonly relayBlockNumber: bigint; readonly index: number };

/**
 * ExecutionFeed over the reference key-value chain. Each slice's payloads are applied in order;
 * invalid ones are skipped and reported. An app block is sealed only over applied transactions:
 * at the end of a slice (or of a window of `relayBlocksPerAppBlock` slices, or before the first
 * slice of a later window) and whenever `maxTransactionsPerBlock` is reached. Whenever nothing
 * applied is left unsealed at the end of a slice, the chain commits (atomically, durably if it has
 * a journal) the sealed blocks and the head = that relay block; `head()` is that durable head.
 * Calls are serialized. The feed owns the chain: `close()` closes it.
 *
 * @example
 * const feed = await ReferenceFeed.open({ paraId: 100, directory: '/var/lib/app100', relayBlocksPerAppBlock: 3 });
 * const report = await feed.execute(slice); // report.blocks: app blocks sealed; report.skipped: refused txs
 * await feed.flush();                       // seals a half-gathered window
 * await feed.close();
 */
export class ReferenceFeed implements ExecutionFeed {
  readonly #maxTransactions: number;
  readonly #window: bigint;
  #lastExecuted: bigint | undefined;
  #pendingPositions: Position[] = [];
  /** Window (⌊relay / N⌋) of the unsealed transactions, if any. */
  #pendingWindow: bigint | undefined;
  #tail: Promise<unknown> = Promise.resolve();
  #closing: Promise<void> | undefined;
  #closed = false;
  /** Set when the journal failed mid-slice: the in-memory chain is then ahead of its journal. */
  #broken: unknown;

  constructor(
    readonly chain: KvAppChain,
    options: ReferenceFeedOptions = {},
  ) {
    const { maxTransactionsPerBlock = Number.POSITIVE_INFINITY, relayBlocksPerAppBlock = 1 } = options;
    if (!(maxTransactionsPerBlock >= 1) || (Number.isFinite(maxTransactionsPerBlock) && !Number.isInteger(maxTransactionsPerBlock))) {
      throw new ReferenceChainError('INVALID_OPTION', `maxTransactionsPerBlock ${maxTransactionsPerBlock}`);
    }
    if (!Number.isInteger(relayBlocksPerAppBlock) || relayBlocksPerAppBlock < 1) {
      throw new ReferenceChainError('INVALID_OPTION', `relayBlocksPerAppBlock ${relayBlocksPerAppBlock}`);
    }
    if (chain.pendingCount > 0) throw new ReferenceChainError('INVALID_OPTION', 'the chain has applied transactions no feed knows the positions of');
    this.#maxTransactions = maxTransactionsPerBlock;
    this.#window = BigInt(relayBlocksPerAppBlock);
    this.#lastExecuted = chain.head()?.relayBlockNumber;
  }

  /** Opens the chain (resuming its journal when `directory` is given) and a feed over it. */
  static async open(options: KvAppChainOptions & ReferenceFeedOptions): Promise<ReferenceFeed> {
    const chain = await KvAppChain.open(options);
    try {
      return new ReferenceFeed(chain, options);
    } catch (e) {
      await chain.close();
      throw e;
    }
  }

  /**
   * Throws ReferenceChainError WRONG_PARA, ALREADY_EXECUTED (relay number not above the last
   * executed one, or the durable head after a restart), JOURNAL_FAILED or CLOSED.
   */
  execute(slice: OrderedSlice): Promise<ExecutionReport> {
    return this.#serialized(async () => {
      const { chain } = this;
      if (slice.paraId !== chain.paraId) {
        throw new ReferenceChainError('WRONG_PARA', `slice of para ${slice.paraId} fed to para ${chain.paraId}`, { paraId: slice.paraId });
      }
      const relay = slice.relayBlockNumber;
      if (this.#lastExecuted !== undefined && relay <= this.#lastExecuted) {
        throw new ReferenceChainError('ALREADY_EXECUTED', `relay block ${relay} is not after ${this.#lastExecuted}, already executed`, {
          relayBlockNumber: relay,
        });
      }
      const blocks: AppBlock[] = [];
      const skipped: SkippedTransaction[] = [];
      const window = relay / this.#window;
      if (this.#pendingWindow !== undefined && this.#pendingWindow !== window) {
        blocks.push(this.#seal());
        await this.#commit(this.#lastExecuted!);
      }
      slice.payloads.forEach((payload, index) => {
        const outcome = chain.applyTransaction(payload);
        if (!outcome.applied) {
          skipped.push({ relayBlockNumber: relay, index, reason: outcome.reason });
          return;
        }
        this.#pendingPositions.push({ relayBlockNumber: relay, index });
        this.#pendingWindow = window;
        if (chain.pendingCount >= this.#maxTransactions) blocks.push(this.#seal());
      });
      this.#lastExecuted = relay;
      if (this.#pendingWindow !== undefined && relay % this.#window === this.#window - 1n) blocks.push(this.#seal());
      if (this.#pendingWindow === undefined) await this.#commit(relay);
      return { blocks, skipped };
    });
  }

  /** Seals a half-gathered window and commits up to the last executed relay block. */
  flush(): Promise<ExecutionReport> {
    return this.#serialized(async () => {
      const blocks: AppBlock[] = [];
      if (this.#pendingWindow !== undefined) blocks.push(this.#seal());
      const head = this.chain.head();
      if (this.#lastExecuted !== undefined && (head === undefined || this.#lastExecuted > head.relayBlockNumber)) await this.#commit(this.#lastExecuted);
      return { blocks, skipped: [] };
    });
  }

  /** The durable head: the last relay block whose transactions are all in committed app blocks. */
  async head(): Promise<ExecutionHead | undefined> {
    return this.chain.head();
  }

  /** Lets the calls made before it finish, then closes the chain; unsealed work is dropped. Safe to call twice. */
  close(): Promise<void> {
    if (this.#closing === undefined) {
      this.#closing = this.#tail.then(() => {
        this.#closed = true;
        return this.chain.close();
      });
      this.#tail = this.#closing.catch(() => undefined);
    }
    return this.#closing;
  }

  #seal(): AppBlock {
    const block = this.chain.sealBlock();
    const positions = this.#pendingPositions;
    this.#pendingPositions = [];
    this.#pendingWindow = undefined;
    return { number: block.number, hash: block.hash, positions };
  }

  async #commit(relayBlockNumber: bigint): Promise<void> {
    try {
      await this.chain.commit(relayBlockNumber);
    } catch (e) {
      this.#broken = e;
      throw e;
    }
  }

  #serialized<T>(action: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(() => {
      if (this.#closed) throw new ReferenceChainError('CLOSED', `feed of para ${this.chain.paraId} is closed`, { paraId: this.chain.paraId });
      if (this.#broken !== undefined) {
        throw new ReferenceChainError('JOURNAL_FAILED', 'a journal write failed earlier: close and reopen the feed', { paraId: this.chain.paraId }, { cause: this.#broken });
      }
      return action();
    });
    this.#tail = run.catch(() => undefined);
    return run;
  }
}
