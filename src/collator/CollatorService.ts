import { join } from 'node:path';
import type { KeyringPair } from '@polkadot/keyring/types';
import { AppChainDriver } from './AppChainDriver.ts';
import { Collator } from './candidates/Collator.ts';
import type { CollatorLogger } from './CollatorLogger.ts';
import type { AppChainConnector } from './connectors/AppChainConnector.ts';
import { ChopsticksFeed } from './execution/chopsticks/ChopsticksFeed.ts';
import { SNAPSHOT_RUNTIME_SIGNED_EXTENSIONS } from './execution/chopsticks/devAppChainGenesis.ts';
import type { ExecutionFeed, ExecutionReport } from './execution/ExecutionFeed.ts';
import { ReferenceFeed } from './execution/reference/ReferenceFeed.ts';
import type { OrderedSlice } from './ParaTransaction.ts';
import { RelayFollower } from './RelayFollower.ts';

/** Which executor runs the app chain's transactions in the relay's order. */
export type ExecutorChoice =
  /** A chopsticks node (the `--parachain-rpc` endpoint) builds one block per relay slice with `dev_newBlock`. */
  | { readonly kind: 'chopsticks'; readonly endpoint: string; readonly marker: KeyringPair }
  /** The in-process reference key-value chain, journaled under the base path. */
  | { readonly kind: 'reference'; readonly relayBlocksPerAppBlock?: number; readonly maxTransactionsPerBlock?: number }
  /** Sequence only (another process executes). */
  | { readonly kind: 'none' };

export interface CollatorServiceOptions {
  readonly paraId: number;
  readonly relayUrl: string;
  /** Signs `sequencer.submitCandidate` on the relay. */
  readonly signer: KeyringPair;
  readonly basePath: string;
  readonly connector?: AppChainConnector;
  readonly rpc: { readonly host: string; readonly port: number };
  readonly executor: ExecutorChoice;
  readonly logger: CollatorLogger;
  readonly onExecuted?: (slice: OrderedSlice, report: ExecutionReport) => void;
}

/**
 * `spindle collator`: a Cumulus-style collator for one app chain. It gathers the chain's
 * transactions (from its node and its own `author_submitExtrinsic`) into relay candidates, and
 * follows the relay's finalized order back into the app chain's executor — exactly once, across
 * restarts of the collator.
 *
 *   users ─► collator RPC ─┐                       ┌─► relay follower ─► executor (chopsticks | reference)
 *   app-chain node pool ───┴─► candidates ─► relay ┘
 */
export class CollatorService {
  #collator: Collator | undefined;
  #follower: RelayFollower | undefined;
  #feed: ExecutionFeed | undefined;
  #driver: AppChainDriver | undefined;
  #rpcPort: number | undefined;
  #appBlockNumber: bigint | undefined;
  #stopping: Promise<void> | undefined;

  constructor(private readonly opts: CollatorServiceOptions) {}

  get rpcPort(): number | undefined {
    return this.#rpcPort;
  }

  /** The last relay block whose slice the executor has run (undefined without an executor). */
  get executedUpTo(): bigint | undefined {
    return this.#driver?.executedUpTo;
  }

  async start(): Promise<{ rpcPort: number }> {
    const { opts } = this;
    try {
      this.#collator = new Collator({
        paraId: opts.paraId,
        relayUrl: opts.relayUrl,
        signer: opts.signer,
        dataDir: join(opts.basePath, 'candidates'),
        rpc: { host: opts.rpc.host, port: opts.rpc.port, cors: 'all' },
        logger: opts.logger,
        ...(opts.connector === undefined ? {} : { connector: opts.connector }),
        executionStatus: () => ({
          executedRelayBlock: this.#driver?.executedUpTo === undefined ? null : Number(this.#driver.executedUpTo),
          appBlockNumber: this.#appBlockNumber === undefined ? null : Number(this.#appBlockNumber),
        }),
      });
      const { rpcPort } = await this.#collator.start();
      this.#rpcPort = rpcPort;
      this.#feed = await this.#openFeed();
      if (this.#feed !== undefined) {
        this.#follower = new RelayFollower({ relayUrl: opts.relayUrl, paraId: opts.paraId, cursorDir: join(opts.basePath, 'follower'), logger: opts.logger });
        await this.#follower.start();
        this.#driver = new AppChainDriver({
          source: this.#follower,
          feed: this.#feed,
          dataDir: opts.basePath,
          paraId: opts.paraId,
          logger: opts.logger,
          onExecuted: (slice, report) => {
            const last = report.blocks.at(-1);
            if (last !== undefined) this.#appBlockNumber = last.number;
            opts.onExecuted?.(slice, report);
          },
        });
        await this.#driver.start();
        this.#appBlockNumber = (await this.#feed.head())?.appBlockNumber;
        void this.#driver.done().catch((e: unknown) => opts.logger.error('executing the relay order stopped', { error: e }));
      }
      return { rpcPort };
    } catch (e) {
      await this.stop();
      throw e;
    }
  }

  async #openFeed(): Promise<ExecutionFeed | undefined> {
    const { executor, paraId, basePath } = this.opts;
    switch (executor.kind) {
      case 'chopsticks':
        // The dev app chain's runtime (chopsticks' snapshot) has a signed extension @polkadot/types
        // does not know; declaring it is harmless for runtimes without it.
        return ChopsticksFeed.connect({ endpoint: executor.endpoint, paraId, marker: { signer: executor.marker }, signedExtensions: SNAPSHOT_RUNTIME_SIGNED_EXTENSIONS });
      case 'reference':
        return ReferenceFeed.open({
          paraId,
          directory: join(basePath, 'app-chain'),
          ...(executor.relayBlocksPerAppBlock === undefined ? {} : { relayBlocksPerAppBlock: executor.relayBlocksPerAppBlock }),
          ...(executor.maxTransactionsPerBlock === undefined ? {} : { maxTransactionsPerBlock: executor.maxTransactionsPerBlock }),
        });
      case 'none':
        return undefined;
    }
  }

  /** Stops in reverse order; safe twice. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      await this.#follower?.stop();
      await this.#driver?.stop();
      await this.#feed?.close();
      await this.#collator?.stop();
    })();
    return this.#stopping;
  }
}
