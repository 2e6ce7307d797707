import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CollatorLogger } from './CollatorLogger.ts';
import type { ExecutionFeed, ExecutionReport } from './execution/ExecutionFeed.ts';
import type { OrderedSlice } from './ParaTransaction.ts';

/** The parts of the relay follower the driver uses. */
export interface SliceSource {
  slices(): AsyncIterable<OrderedSlice>;
  commit(relayBlockNumber: bigint): Promise<void>;
}

export interface AppChainDriverOptions {
  readonly source: SliceSource;
  readonly feed: ExecutionFeed;
  /** Directory of the relay-block → app-block mapping journal (`mapping-<para>.jsonl`). */
  readonly dataDir: string;
  readonly paraId: number;
  readonly logger: CollatorLogger;
  /** Hears every executed slice and its report (for metrics, tests and the collator's RPC). */
  readonly onExecuted?: (slice: OrderedSlice, report: ExecutionReport) => void;
}

/**
 * Turns the app chain into a pure execution engine of the relay's order: every finalized slice
 * the follower yields is executed by the feed, in order; the relay-block → app-block mapping and
 * the refused transactions are appended to a journal; then the follower's cursor is committed.
 *
 * Exactly once across restarts: the cursor only moves to what the executor itself records as
 * durably executed (`feed.head()`, kept by the app chain), never past it — an executor that
 * gathers several relay blocks into one app block re-executes an unsealed window after a crash.
 * On start, slices at or below that head are skipped and only committed, so a crash between
 * executing and committing does not execute anything twice.
 */
export class AppChainDriver {
  #run: Promise<void> | undefined;
  #executedUpTo: bigint | undefined;
  #stopped = false;

  constructor(private readonly opts: AppChainDriverOptions) {}

  /** The last relay block whose slice this driver executed or found already executed. */
  get executedUpTo(): bigint | undefined {
    return this.#executedUpTo;
  }

  /** Starts consuming; resolves once running. The loop ends when the source ends or `stop` is called. */
  async start(): Promise<void> {
    if (this.#run !== undefined) return;
    await mkdir(this.opts.dataDir, { recursive: true });
    const head = await this.opts.feed.head();
    this.#executedUpTo = head?.relayBlockNumber;
    if (head !== undefined) this.opts.logger.info(`app chain ${this.opts.paraId} has executed up to relay #${head.relayBlockNumber} (app #${head.appBlockNumber})`);
    this.#run = this.#loop(head?.relayBlockNumber ?? 0n);
  }

  /** Resolves when the loop has ended (the source ended, failed, or `stop` was called). */
  done(): Promise<void> {
    return this.#run ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#run?.catch(() => undefined);
  }

  async #loop(alreadyExecuted: bigint): Promise<void> {
    const { source, feed, logger, paraId } = this.opts;
    const journal = join(this.opts.dataDir, `mapping-${paraId}.jsonl`);
    let committed = -1n;
    for await (const slice of source.slices()) {
      if (this.#stopped) return;
      if (slice.relayBlockNumber <= alreadyExecuted) {
        await source.commit(slice.relayBlockNumber);
        committed = slice.relayBlockNumber;
        continue;
      }
      const report = await feed.execute(slice);
      if (report.blocks.length > 0 || report.skipped.length > 0) {
        await appendFile(journal, `${JSON.stringify(mappingRecord(slice, report))}\n`);
        for (const s of report.skipped) logger.info(`app chain ${paraId} skipped relay #${s.relayBlockNumber}/${s.index}: ${s.reason}`);
      }
      this.#executedUpTo = slice.relayBlockNumber;
      const durable = (await feed.head())?.relayBlockNumber;
      if (durable !== undefined && durable > committed && durable > alreadyExecuted) {
        const upTo = durable < slice.relayBlockNumber ? durable : slice.relayBlockNumber;
        await source.commit(upTo);
        committed = upTo;
      }
      this.opts.onExecuted?.(slice, report);
    }
  }
}

function mappingRecord(slice: OrderedSlice, report: ExecutionReport): Record<string, unknown> {
  return {
    relayBlock: slice.relayBlockNumber.toString(),
    relayHash: `0x${Buffer.from(slice.relayBlockHash).toString('hex')}`,
    transactions: slice.payloads.length,
    appBlocks: report.blocks.map((b) => ({
      number: b.number.toString(),
      hash: `0x${Buffer.from(b.hash).toString('hex')}`,
      positions: b.positions.map((p) => `${p.relayBlockNumber}/${p.index}`),
    })),
    skipped: report.skipped.map((s) => ({ position: `${s.relayBlockNumber}/${s.index}`, reason: s.reason })),
  };
}
