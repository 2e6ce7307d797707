import { join } from 'node:path';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { TxPool } from '../mempool/TxPool.ts';
import { MetricsRegistry, MetricsServer, noopMetrics } from '../metrics/index.ts';
import { nodeMetrics } from '../metrics/nodeMetrics.ts';
import { blake2_256, initHashing } from '../primitives/hashing.ts';
import { SignatureVerifier } from '../primitives/verifySignature.ts';
import { createRpcMethods } from '../rpc/createRpcMethods.ts';
import type { RpcBackend } from '../rpc/RpcBackend.ts';
import { RpcServer } from '../rpc/server/index.ts';
import { BlockExecutor, type BuiltBlock } from '../runtime/BlockExecutor.ts';
import { Runtime } from '../runtime/Runtime.ts';
import { ChainStore, LmdbKeyValueStore } from '../store/index.ts';
import { Chain } from './Chain.ts';
import { NetworkService } from '../network/index.ts';
import { ConsensusHost } from './consensus/ConsensusHost.ts';
import { createConsensusWire } from './consensus/createConsensusWire.ts';
import { walLog } from './consensus/walLog.ts';
import { TransactionGossip } from './TransactionGossip.ts';
import { SignatureWorkers } from './SignatureWorkers.ts';
import { ConsensusWal } from './wal/ConsensusWal.ts';
import { validatorSet } from '../runtime/pallets/session.ts';
import { genesisStorageOf, runtimeConfigFor } from './genesisOf.ts';
import { shortHash } from './Logger.ts';
import { nodeRpcBackend } from './NodeRpcBackend.ts';
import type { NodeOptions } from './NodeOptions.ts';
import { poolValidator } from './poolValidator.ts';
import { anchorMetrics } from '../metrics/anchorMetrics.ts';
import { chainAnchorView } from './anchoring/AnchorChainView.ts';
import { NodeAnchoring } from './anchoring/NodeAnchoring.ts';
import { REAL_TIMERS, SoloAuthor } from './SoloAuthor.ts';

const INFORMANT_INTERVAL_MS = 5000;

/**
 * The composition root: builds store → runtime → chain → pool → author → RPC, starts them
 * in that order and stops them in reverse. Nothing else knows every module.
 */
export class SpindleNode {
  #store: ChainStore | undefined;
  #chain: Chain | undefined;
  #pool: TxPool | undefined;
  #author: SoloAuthor | undefined;
  #host: ConsensusHost | undefined;
  #network: NetworkService | undefined;
  #gossip: TransactionGossip | undefined;
  #workers: SignatureWorkers | undefined;
  #rpc: RpcServer | undefined;
  #anchoring: NodeAnchoring | undefined;
  #informant: NodeJS.Timeout | undefined;
  #rpcPort: number | undefined;
  #metricsServer: MetricsServer | undefined;
  #prometheusPort: number | undefined;
  #stopping: Promise<void> | undefined;

  constructor(private readonly opts: NodeOptions) {}

  get chain(): Chain {
    if (this.#chain === undefined) throw new Error('node not started');
    return this.#chain;
  }

  get rpcPort(): number | undefined {
    return this.#rpcPort;
  }

  /** The dev L1 (with `--dev-l1`): anvil's endpoint, chain id and the anchor contract. */
  get devL1(): { rpcUrl: string; contract: string; chainId: bigint } | undefined {
    return this.#anchoring?.devL1;
  }

  get prometheusPort(): number | undefined {
    return this.#prometheusPort;
  }

  async start(): Promise<void> {
    const { opts } = this;
    const log = opts.logger;
    await cryptoWaitReady();
    await initHashing();
    const config = runtimeConfigFor(opts.blockTimeMs);
    const dbPath = join(opts.basePath, 'chains', opts.chainSpec.id, 'db');
    log.info(`Spindle ${opts.version}`);
    log.info(`📋 Chain specification: ${opts.chainSpec.name}`);
    log.info(`🏷  Node name: ${opts.name}`);
    log.info(`👤 Role: ${opts.validator === undefined ? 'FULL' : 'AUTHORITY'}`);
    log.info(`💾 Database: LMDB at ${dbPath}`);

    const registry = opts.prometheus === undefined ? noopMetrics() : new MetricsRegistry();
    const metrics = nodeMetrics(registry, {
      name: opts.name,
      version: opts.version,
      chain: opts.chainSpec.id,
      role: opts.validator === undefined ? 'full' : 'authority',
      processStartTimeSeconds: Math.floor(Date.now() / 1000 - process.uptime()),
    });

    const kv = LmdbKeyValueStore.open(dbPath);
    this.#store = new ChainStore(kv);
    const verifier = new SignatureVerifier();
    const runtime = new Runtime(config, verifier);
    this.#workers = new SignatureWorkers();
    const executor = new BlockExecutor(runtime, this.#store.stateNodes);
    const genesis: BuiltBlock = executor.genesis(genesisStorageOf(opts.chainSpec, config));
    log.info(`🔨 Initializing Genesis block/state (state: ${shortHash(genesis.header.stateRoot)}, header-hash: ${shortHash(genesis.hash)})`);
    const chain = await Chain.open(this.#store, executor, genesis);
    this.#chain = chain;
    if (chain.best.header.number > 0n) {
      log.info(`📦 Resuming at #${chain.best.header.number} (${shortHash(chain.best.hash)}), finalized #${chain.finalized.header.number}`);
    }

    const onHead = (status: 'best' | 'finalized') => (_hash: Uint8Array, header: { number: bigint }) => metrics.blockHeight.set({ status }, header.number);
    metrics.blockHeight.set({ status: 'best' }, chain.best.header.number);
    metrics.blockHeight.set({ status: 'finalized' }, chain.finalized.header.number);
    chain.onBestBlock(onHead('best'));
    chain.onFinalized(onHead('finalized'));

    this.#pool = new TxPool(poolValidator(chain, executor, { verifier, workers: this.#workers }), {
      maxReady: 8192,
      maxFuture: 2048,
      maxBytes: 20 * 1024 * 1024,
      maxPerSender: 1024,
      banTimeMs: 30 * 60 * 1000,
      now: () => Date.now(),
      hash: blake2_256,
      onListenerError: (e) => log.warn('transaction watcher failed', { error: e }),
    });

    const pool = this.#pool;
    metrics.readyTransactions.collect((g) => g.set(pool.status.ready));
    metrics.peers.set(0);

    if (opts.prometheus !== undefined) {
      this.#metricsServer = new MetricsServer(registry, { port: opts.prometheus.port, external: opts.prometheus.external });
      this.#prometheusPort = (await this.#metricsServer.start()).port;
      log.info(`〽️ Prometheus exporter started at ${opts.prometheus.external ? '0.0.0.0' : '127.0.0.1'}:${this.#prometheusPort}`);
    }

    if (opts.network !== undefined) {
      this.#network = new NetworkService({
        nodeKey: opts.network.nodeKey,
        listenAddrs: [...opts.network.listenAddrs],
        bootnodes: [...opts.network.bootnodes],
        protocolPrefix: `/spindle/${Buffer.from(chain.genesisHash()).toString('hex').slice(0, 16)}`,
        maxMessageBytes: 16 * 1024 * 1024,
        logger: log.child('network'),
      });
      await this.#network.start();
      log.info(`🏷  Local node identity is: ${this.#network.peerId}`);
      for (const a of this.#network.listenAddresses()) log.info(`Listening on ${a}`);
      const network = this.#network;
      metrics.peers.collect((g) => g.set(network.peers().length));
      this.#gossip = new TransactionGossip(network, this.#pool, chain, log.child('txgossip'));
      this.#gossip.start();
    }

    this.#anchoring = await NodeAnchoring.start(
      {
        view: chainAnchorView(chain, (root) => executor.stateAt(root)),
        kv,
        network: this.#network,
        logger: log.child('anchor'),
        metrics: anchorMetrics(registry),
        dataDir: join(opts.basePath, 'chains', opts.chainSpec.id),
      },
      opts.anchoring,
    );

    const validators = validatorSet(executor.stateAt(chain.best.header.stateRoot));
    const ours = opts.validator === undefined ? -1 : validators.findIndex((v) => Buffer.from(v.consensus_key).equals(Buffer.from(opts.validator!.consensusKey)));
    const solo = validators.length === 1 && ours === 0;
    if (opts.validator !== undefined && ours < 0) log.warn('the validator key is not in the validator set: following only');
    if (!solo && this.#network !== undefined) {
      const wal = new ConsensusWal(kv);
      const wire = createConsensusWire(chain.genesisHash(), opts.validator === undefined || ours < 0 ? undefined : { publicKey: opts.validator.consensusKey, sign: opts.validator.consensusSigner });
      this.#host = new ConsensusHost(chain, executor, this.#pool, wire, walLog(wal), this.#network, {
        ownKey: ours < 0 ? undefined : opts.validator!.consensusKey,
        timers: REAL_TIMERS,
        logger: log.child('consensus'),
        metrics,
        blockTimeMs: opts.blockTimeMs,
      });
      this.#host.start();
    } else if (!solo && opts.validator !== undefined) {
      log.warn(`the validator set has ${validators.length} members but networking is off: following only`);
    } else if (solo && opts.validator !== undefined) {
      this.#author = new SoloAuthor(chain, this.#pool, { blockTimeMs: opts.blockTimeMs, author: opts.validator.accountId }, REAL_TIMERS, log.child('author'));
      this.#author.start();
    }

    if (opts.rpc !== undefined) {
      const nodeBackend = nodeRpcBackend(chain, this.#pool, {
        name: opts.name,
        version: opts.version,
        chain: opts.chainSpec.name,
        chainType: opts.chainSpec.chainType,
        properties: opts.chainSpec.properties,
        roles: [opts.validator === undefined ? 'Full' : 'Authority'],
        localPeerId: () => this.#network?.peerId ?? '',
        localListenAddresses: () => this.#network?.listenAddresses() ?? [],
        peers: () => (this.#network?.peers() ?? []).map((p) => ({ peerId: p.peerId, roles: 'AUTHORITY', bestHash: '0x', bestNumber: 0 })),
        isSyncing: () => false,
        shouldHavePeers: () => this.#network !== undefined,
        syncState: () => ({ startingBlock: 0, currentBlock: Number(chain.best.header.number), highestBlock: Number(chain.best.header.number) }),
      }, (tx) => this.#gossip?.broadcast(tx));
      const backend: RpcBackend = { ...nodeBackend, anchor: this.#anchoring.reader() };
      let server: RpcServer | undefined;
      const methods = createRpcMethods(backend, { methodNames: () => server?.methodNames ?? [] });
      server = new RpcServer(methods, {
        ...opts.rpc,
        logger: log.child('rpc'),
        health: () => ({ isSyncing: false, peers: this.#network?.peers().length ?? 0, shouldHavePeers: this.#network !== undefined }),
      });
      this.#rpc = server;
      const { port } = await server.start();
      this.#rpcPort = port;
      log.info(`Running JSON-RPC server: addr=${opts.rpc.host}:${port}`);
    }

    this.#informant = setInterval(() => {
      log.info(`💤 Idle (${this.#network?.peers().length ?? 0} peers), best: #${chain.best.header.number} (${shortHash(chain.best.hash)}), finalized #${chain.finalized.header.number} (${shortHash(chain.finalized.hash)}), ⬇ 0 ⬆ 0`);
    }, INFORMANT_INTERVAL_MS);
    this.#informant.unref();
  }

  /** Stops services in reverse order; safe to call twice. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      if (this.#informant !== undefined) clearInterval(this.#informant);
      await this.#rpc?.stop();
      await this.#author?.stop();
      await this.#host?.stop();
      await this.#anchoring?.stop();
      await this.#network?.stop();
      await this.#metricsServer?.stop();
      await this.#workers?.close();
      await this.#store?.close();
      this.opts.logger.info('Shutdown complete');
    })();
    return this.#stopping;
  }
}
