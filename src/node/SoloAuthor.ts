import type { TxPool } from '../mempool/TxPool.ts';
import { nextBlockTimestamp } from './nextBlockTimestamp.ts';
import type { Chain } from './Chain.ts';
import type { Logger } from './Logger.ts';
import { shortHash } from './Logger.ts';

/** Timers the author uses, injected so tests can drive it with a fake clock. */
export interface Timers {
  now(): number;
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const REAL_TIMERS: Timers = {
  now: () => Date.now(),
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface SoloAuthorOptions {
  readonly blockTimeMs: number;
  /** Account paid the fees of the blocks it authors. */
  readonly author: Uint8Array | undefined;
  readonly maxTransactionsPerBlock?: number;
}

/**
 * Block production for a chain whose validator set is this one node (`--dev`): a block
 * every `blockTimeMs`, built from the pool's ready transactions, imported and finalized
 * at once — one validator is the whole set. Empty blocks are produced too.
 */
export class SoloAuthor {
  #timer: unknown;
  #running = false;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly chain: Chain,
    private readonly pool: TxPool,
    private readonly opts: SoloAuthorOptions,
    private readonly timers: Timers,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule();
  }

  /** Stops after the block being produced, if any, is fully imported. Safe to call twice. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer !== undefined) this.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
  }

  /** Builds, imports and finalizes one block now. */
  async produceBlock(): Promise<void> {
    const chain = this.chain;
    const parent = chain.best;
    const timestamp = nextBlockTimestamp(chain.executor, parent.header.stateRoot, this.timers.now());
    const started = this.timers.now();
    const block = chain.executor.build({
      parent: { hash: parent.hash, number: parent.header.number, stateRoot: parent.header.stateRoot },
      timestamp,
      author: this.opts.author,
      candidates: this.pool.ready(),
      ...(this.opts.maxTransactionsPerBlock === undefined ? {} : { maxTransactions: this.opts.maxTransactionsPerBlock }),
    });
    for (const r of block.rejected) this.pool.markInvalid(r.hash);
    await chain.importBlock(block, { finalize: true });
    await this.pool.onBlockImported({ hash: block.hash, number: block.header.number, extrinsics: block.extrinsics });
    this.pool.onBlockFinalized(block.hash);
    this.logger.info(`✨ Imported #${block.header.number} (${shortHash(block.hash)})`, {
      extrinsics: block.extrinsics.length,
      ms: this.timers.now() - started,
    });
  }

  #schedule(): void {
    if (!this.#running) return;
    this.#timer = this.timers.setTimeout(() => {
      this.#inFlight = this.produceBlock()
        .catch((e: unknown) => this.logger.error('block production failed', { error: e }))
        .finally(() => this.#schedule());
    }, this.opts.blockTimeMs);
  }
}
