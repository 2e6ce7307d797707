import { readFile } from 'node:fs/promises';
import { AddChainError, AlreadyDestroyedError, CrashError, QueueFullError } from 'smoldot';
import type { Chain, Client } from 'smoldot';
import type { Logger } from '../../rpc/server/index.ts';
import { noopLogger } from '../../rpc/server/index.ts';
import type { AppChainConnector, AppChainInfo, ConnectorStatusEvent, SubscriptionMethods, Unsubscribe } from './AppChainConnector.ts';
import { ConnectorError } from './ConnectorError.ts';
import { readAppChainInfo } from './readAppChainInfo.ts';
import { JsonRpcChannel } from './JsonRpcChannel.ts';
import { parseHexBytes, parseHexList, toHex } from './parseHexList.ts';
import { startSmoldotClient } from './startSmoldotClient.ts';
import type { SmoldotClientHandle, SmoldotClientOptions } from './startSmoldotClient.ts';
import { StatusNotifier } from './StatusNotifier.ts';

/** Where the chain spec comes from: its JSON text, or a file holding it. */
export type SmoldotChainSpecSource = { readonly chainSpec: string } | { readonly chainSpecPath: string };

export type SmoldotConnectorOptions = SmoldotChainSpecSource & {
  /** smoldot's database from a previous `chainHead_unstable_finalizedDatabase`, to start nearer the tip. */
  readonly databaseContent?: string;
  /** A request without an answer after this long rejects with TIMEOUT. Default 30 000. */
  readonly requestTimeoutMs?: number;
  /** Highest smoldot log level passed to the logger (1 error … 5 trace). Default 3 (info). */
  readonly maxLogLevel?: number;
  /** Where smoldot's executor runs when the connector starts its own client; see {@link SmoldotClientOptions}. Default `worker`. */
  readonly executor?: SmoldotClientOptions['executor'];
  /**
   * A smoldot client to add the chain to (shared by several connectors, e.g. from
   * {@link startSmoldotClient}). When given, `close()` removes only this chain; otherwise the
   * connector starts its own client and stops it.
   */
  readonly client?: Client;
  readonly logger?: Logger;
};

/**
 * An app chain through smoldot, the light client, started in this process (`start()`, no worker)
 * from a raw chain spec. Requests go through smoldot's JSON-RPC (`sendJsonRpc` /
 * `nextJsonRpcResponse`). smoldot then syncs from the spec's bootnodes over the chain's
 * peer-to-peer network; what it answers without peers is described in this folder's README
 * (chain-spec methods yes, block and state queries wait for peers, and a light client has no
 * view of a node's pool: `author_pendingExtrinsics` is always empty).
 *
 * Status: `connected` once the chain is added (requests can be sent), `disconnected` if smoldot
 * crashes (requests then reject with CRASHED), `closed` after `close()`.
 *
 * @example
 * const connector = new SmoldotConnector({ chainSpecPath: 'chain-specs/my-app-chain-raw.json' });
 * await connector.connect();               // rejects with INVALID_CHAIN_SPEC if smoldot refuses it
 * const { genesisHash } = await connector.chainInfo();
 * await connector.close();                 // removes the chain and terminates smoldot
 */
export class SmoldotConnector implements AppChainConnector {
  readonly kind = 'smoldot';
  readonly #opts: SmoldotConnectorOptions;
  readonly #logger: Logger;
  readonly #status = new StatusNotifier();
  #ownClient: SmoldotClientHandle | null = null;
  #chain: Chain | null = null;
  #channel: JsonRpcChannel | null = null;
  #pump: Promise<void> = Promise.resolve();
  #connecting: Promise<void> | null = null;
  #closing: Promise<void> | null = null;

  constructor(opts: SmoldotConnectorOptions) {
    this.#opts = opts;
    this.#logger = opts.logger ?? noopLogger();
  }

  get status(): AppChainConnector['status'] {
    return this.#status.status;
  }

  connect(signal?: AbortSignal): Promise<void> {
    if (this.#closing !== null) return Promise.reject(new ConnectorError('CLOSED', 'connector is closed'));
    this.#connecting ??= this.#connect(signal).catch((error: unknown) => {
      this.#connecting = null;
      throw error;
    });
    return this.#connecting;
  }

  async #connect(signal: AbortSignal | undefined): Promise<void> {
    const aborted = (): ConnectorError => new ConnectorError('CONNECT_FAILED', 'adding the chain to smoldot was aborted');
    if (signal?.aborted === true) throw aborted();
    this.#status.set('connecting');
    const chainSpec = await this.#readSpec();
    const own = this.#opts.client === undefined ? this.#startClient() : null;
    const client = own?.client ?? this.#opts.client!;
    let chain: Chain;
    try {
      chain = await client.addChain({
        chainSpec,
        ...(this.#opts.databaseContent === undefined ? {} : { databaseContent: this.#opts.databaseContent }),
      });
    } catch (cause) {
      await own?.stop();
      this.#status.set('idle');
      if (cause instanceof AddChainError) throw new ConnectorError('INVALID_CHAIN_SPEC', `smoldot refused the chain spec: ${cause.message}`, { cause });
      if (cause instanceof CrashError) throw new ConnectorError('CRASHED', `smoldot crashed while adding the chain: ${cause.message}`, { cause });
      throw new ConnectorError('CONNECT_FAILED', `smoldot could not add the chain: ${(cause as Error).message}`, { cause });
    }
    if (isAborted(signal) || this.#closing !== null) {
      chain.remove();
      await own?.stop();
      throw this.#closing !== null ? new ConnectorError('CLOSED', 'connector closed while connecting') : aborted();
    }
    const channel = new JsonRpcChannel((text) => {
      try {
        chain.sendJsonRpc(text);
      } catch (cause) {
        if (cause instanceof QueueFullError) throw new ConnectorError('QUEUE_FULL', 'smoldot JSON-RPC queue is full', { cause });
        if (cause instanceof CrashError) throw new ConnectorError('CRASHED', `smoldot crashed: ${cause.message}`, { cause });
        throw new ConnectorError('CLOSED', 'the smoldot chain is gone', { cause });
      }
    }, { requestTimeoutMs: this.#opts.requestTimeoutMs ?? 30_000 });
    this.#ownClient = own;
    this.#chain = chain;
    this.#channel = channel;
    this.#pump = this.#runPump(chain, channel);
    this.#status.set('connected');
  }

  async #readSpec(): Promise<string> {
    let text: string;
    if ('chainSpec' in this.#opts) {
      text = this.#opts.chainSpec;
    } else {
      try {
        text = await readFile(this.#opts.chainSpecPath, 'utf8');
      } catch (cause) {
        this.#status.set('idle');
        throw new ConnectorError('INVALID_CHAIN_SPEC', `cannot read chain spec ${this.#opts.chainSpecPath}: ${(cause as Error).message}`, { cause });
      }
    }
    try {
      JSON.parse(text);
    } catch (cause) {
      this.#status.set('idle');
      throw new ConnectorError('INVALID_CHAIN_SPEC', `chain spec is not JSON: ${(cause as Error).message}`, { cause });
    }
    return text;
  }

  /** Reads smoldot's answers until the chain is removed (AlreadyDestroyedError) or smoldot crashes. */
  async #runPump(chain: Chain, channel: JsonRpcChannel): Promise<void> {
    for (;;) {
      let text: string;
      try {
        text = await chain.nextJsonRpcResponse();
      } catch (cause) {
        if (cause instanceof AlreadyDestroyedError || this.#closing !== null) {
          channel.close(new ConnectorError('CLOSED', 'connector is closed'));
          return;
        }
        const error = new ConnectorError('CRASHED', `smoldot stopped answering: ${(cause as Error).message}`, { cause });
        this.#logger.error('smoldot crashed', { cause });
        channel.close(error);
        this.#status.set('disconnected', error);
        return;
      }
      channel.receive(text);
    }
  }

  /** smoldot keeps only what it submitted itself: a light client never sees a node's pool, so this is `[]` in practice. */
  async pendingExtrinsics(): Promise<Uint8Array[]> {
    return parseHexList(await this.request('author_pendingExtrinsics', []), 'author_pendingExtrinsics');
  }

  /** smoldot validates the extrinsic against the chain's state and gossips it to its peers (needs peers). */
  async submitExtrinsic(extrinsic: Uint8Array): Promise<Uint8Array> {
    return parseHexBytes(await this.request('author_submitExtrinsic', [toHex(extrinsic)]), 'author_submitExtrinsic result');
  }

  /** From the chain spec itself (`chainSpec_v1_*`): answered without any peer. */
  async chainInfo(): Promise<AppChainInfo> {
    return readAppChainInfo((method, params) => this.request(method, params), { genesisHash: ['chainSpec_v1_genesisHash', []], chainName: 'chainSpec_v1_chainName', properties: 'chainSpec_v1_properties' });
  }

  request(method: string, params: readonly unknown[]): Promise<unknown> {
    try {
      return this.#ready().request(method, params);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  async subscribe(methods: SubscriptionMethods, params: readonly unknown[], onNotification: (result: unknown) => void): Promise<Unsubscribe> {
    return this.#ready().subscribe(methods, params, onNotification);
  }

  onStatus(listener: (event: ConnectorStatusEvent) => void): () => void {
    return this.#status.listen(listener);
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#status.set('closed');
      await this.#connecting?.catch(() => undefined);
      this.#channel?.close(new ConnectorError('CLOSED', 'connector is closed'));
      try {
        this.#chain?.remove();
      } catch {
        // already removed, or smoldot crashed: nothing left to release
      }
      await this.#pump;
      await this.#ownClient?.stop();
      this.#chain = null;
      this.#ownClient = null;
    })();
    return this.#closing;
  }

  #startClient(): SmoldotClientHandle {
    return startSmoldotClient({
      ...(this.#opts.executor === undefined ? {} : { executor: this.#opts.executor }),
      logCallback: (level, target, message) => this.#log(level, target, message),
      maxLogLevel: this.#opts.maxLogLevel ?? 3,
      onWorkerError: (cause) => this.#logger.error('smoldot worker failed', { cause }),
    });
  }

  #ready(): JsonRpcChannel {
    if (this.#closing !== null) throw new ConnectorError('CLOSED', 'connector is closed');
    if (this.#channel === null) throw new ConnectorError('NOT_CONNECTED', 'call connect() first');
    return this.#channel;
  }

  #log(level: number, target: string, message: string): void {
    const fields = { target };
    if (level <= 1) this.#logger.error(message, fields);
    else if (level === 2) this.#logger.warn(message, fields);
    else if (level === 3) this.#logger.info(message, fields);
    else this.#logger.debug(message, fields);
  }
}

/** Read through a call so the compiler does not assume `aborted` kept the value it had before an await. */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
