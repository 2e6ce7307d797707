import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { initHashing } from '../../primitives/hashing.ts';
import type { CorsSetting, Logger } from '../../rpc/server/index.ts';
import { noopLogger, RpcServer } from '../../rpc/server/index.ts';
import type { AppChainConnector } from '../connectors/AppChainConnector.ts';
import { CandidateGatherer } from './CandidateGatherer.ts';
import type { GathererFaults, SequencedEvent } from './CandidateGatherer.ts';
import { CandidateStore } from './CandidateStore.ts';
import { collatorRpcMethods } from './collatorRpcMethods.ts';
import type { CollatorStatus } from './collatorRpcMethods.ts';
import { hashHex } from './payloadHash.ts';
import { RelayClient } from './RelayClient.ts';

export interface CollatorOptions {
  readonly paraId: number;
  /** The relay node's JSON-RPC WebSocket. */
  readonly relayUrl: string;
  /** Signs the candidates (`sequencer.submitCandidate`); pays their fees unless the para has a sponsor. */
  readonly signer: KeyringPair;
  /** Where the queue lives (LMDB); reuse it across restarts. One collator per directory. */
  readonly dataDir: string;
  /** The app chain's node: polled for pending extrinsics and used for forwarded reads. Closed by `stop()`. */
  readonly connector?: AppChainConnector;
  /** The collator's own JSON-RPC (ws + http). Default 127.0.0.1, port 0 (any free port). */
  readonly rpc?: { readonly host?: string; readonly port?: number; readonly cors?: CorsSetting };
  readonly pollIntervalMs?: number;
  readonly maxQueuedPayloads?: number;
  /** Sequenced hashes remembered for dedup, in relay blocks. Default 14 400. */
  readonly recentWindowBlocks?: number;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly logger?: Logger;
  /** Test-only fault injection points. */
  readonly faults?: GathererFaults;
  /** Execution progress reported by `collator_status` (the service running the app chain's executor adds it). */
  readonly executionStatus?: () => { readonly executedRelayBlock: number | null; readonly appBlockNumber: number | null };
}

/**
 * A collator for one app chain, composed: its data directory (CandidateStore), the relay client,
 * the app-chain connector, the CandidateGatherer and its own JSON-RPC server. Starts them in
 * dependency order and stops them in reverse.
 *
 * @example
 * const collator = new Collator({ paraId: 100, relayUrl: 'ws://127.0.0.1:9944', signer, dataDir: './collator-100',
 *   connector: new PolkadotApiConnector({ url: 'ws://127.0.0.1:9955' }), rpc: { port: 9988 } });
 * const { rpcPort } = await collator.start(signal);
 * // wallets: ws://127.0.0.1:9988 — author_submitExtrinsic queues for sequencing
 * await collator.stop();
 */
export class Collator {
  readonly #o: CollatorOptions;
  readonly #log: Logger;
  #store: CandidateStore | null = null;
  #relay: RelayClient | null = null;
  #gatherer: CandidateGatherer | null = null;
  #server: RpcServer | null = null;
  #starting: Promise<{ rpcPort: number }> | null = null;
  #stopping: Promise<void> | null = null;

  constructor(opts: CollatorOptions) {
    this.#o = opts;
    this.#log = opts.logger ?? noopLogger();
  }

  /** The running gatherer (after `start()` resolved). */
  get gatherer(): CandidateGatherer {
    if (this.#gatherer === null) throw new Error('collator not started');
    return this.#gatherer;
  }

  /** Resolves with the RPC port once everything runs. Calling it again returns the same promise. */
  start(signal?: AbortSignal): Promise<{ rpcPort: number }> {
    this.#starting ??= this.#start(signal).catch(async (e: unknown) => {
      await this.#teardown();
      throw e;
    });
    return this.#starting;
  }

  async #start(signal: AbortSignal | undefined): Promise<{ rpcPort: number }> {
    await Promise.all([initHashing(), cryptoWaitReady()]);
    const store = CandidateStore.open(this.#o.dataDir, {
      paraId: this.#o.paraId,
      ...(this.#o.recentWindowBlocks === undefined ? {} : { recentWindowBlocks: this.#o.recentWindowBlocks }),
    });
    this.#store = store;
    const relay = await RelayClient.connect({ url: this.#o.relayUrl, logger: this.#log }, signal);
    this.#relay = relay;
    await store.bindRelay(relay.api.genesisHash.toU8a());
    let appChain: { connector: AppChainConnector; methods: string[] } | undefined;
    const connector = this.#o.connector;
    if (connector !== undefined) {
      await connector.connect(signal);
      const listed = (await connector.request('rpc_methods', []).catch(() => ({ methods: [] }))) as { methods?: unknown };
      appChain = { connector, methods: Array.isArray(listed.methods) ? listed.methods.filter((m): m is string => typeof m === 'string') : [] };
    }
    const gatherer = new CandidateGatherer({
      paraId: this.#o.paraId,
      store,
      relay,
      signer: this.#o.signer,
      ...(connector === undefined ? {} : { source: connector }),
      ...(this.#o.pollIntervalMs === undefined ? {} : { pollIntervalMs: this.#o.pollIntervalMs }),
      ...(this.#o.maxQueuedPayloads === undefined ? {} : { maxQueuedPayloads: this.#o.maxQueuedPayloads }),
      ...(this.#o.recentWindowBlocks === undefined ? {} : { catchUpBlocks: this.#o.recentWindowBlocks }),
      ...(this.#o.backoff === undefined ? {} : { backoff: this.#o.backoff }),
      ...(this.#o.faults === undefined ? {} : { faults: this.#o.faults }),
      logger: this.#log,
    });
    this.#gatherer = gatherer;
    await gatherer.start(signal);
    const server = new RpcServer(
      collatorRpcMethods({ gatherer, status: () => this.status(), ...(appChain === undefined ? {} : { appChain }) }),
      { host: this.#o.rpc?.host ?? '127.0.0.1', port: this.#o.rpc?.port ?? 0, methods: 'safe', cors: this.#o.rpc?.cors ?? null, logger: this.#log },
    );
    this.#server = server;
    const { port } = await server.start(signal);
    if (signal !== undefined) signal.addEventListener('abort', () => void this.stop(), { once: true });
    this.#log.info('collator running', { paraId: this.#o.paraId, rpcPort: port, queued: store.queuedCount });
    return { rpcPort: port };
  }

  /** Queue size, in-flight candidate and scan position. */
  status(): CollatorStatus {
    const store = this.#store;
    const inFlight = store?.inFlight();
    const last = store?.lastScanned();
    return {
      paraId: this.#o.paraId,
      queued: store?.queuedCount ?? 0,
      inFlight: inFlight === undefined ? null : { txHash: hashHex(inFlight.txHash), relayParentNumber: Number(inFlight.relayParentNumber), payloads: inFlight.seqs.length },
      lastScannedRelayBlock: last === undefined ? null : Number(last),
      ...this.#o.executionStatus?.(),
    };
  }

  /** Shorthand for `gatherer.onSequenced`. */
  onSequenced(listener: (e: SequencedEvent) => void): () => void {
    return this.gatherer.onSequenced(listener);
  }

  /** Stops the RPC server, the gatherer, the relay client, the connector, then closes the store. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      await this.#starting?.catch(() => undefined);
      await this.#teardown();
    })();
    return this.#stopping;
  }

  async #teardown(): Promise<void> {
    await this.#server?.stop();
    const gathererStopped = this.#gatherer?.stop();
    // Closing the clients rejects their calls in flight, so the gatherer's loops end now.
    await Promise.all([this.#relay?.close(), this.#o.connector?.close()]);
    await gathererStopped;
    await this.#store?.close();
  }
}
