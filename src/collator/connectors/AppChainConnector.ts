/**
 * How a collator talks to its app chain's node. Two implementations: {@link PolkadotApiConnector}
 * (a full node's JSON-RPC over WebSocket) and {@link SmoldotConnector} (an in-process light client
 * started from a chain spec). Both are JSON-RPC underneath, so the collator can also forward the
 * reads a wallet needs (metadata, nonce, runtime version) through {@link AppChainConnector.request}.
 */

/**
 * `connecting` until the first connection; `connected` while requests can be sent;
 * `disconnected` after a loss (the connector keeps trying to reconnect); `closed` after `close()`.
 */
export type ConnectorStatus = 'idle' | 'connecting' | 'connected' | 'disconnected' | 'closed';

export interface ConnectorStatusEvent {
  readonly status: ConnectorStatus;
  /** Why the connection was lost, when known. */
  readonly error?: Error;
}

/** What identifies the app chain, read from its node (or, for the light client, from the spec). */
export interface AppChainInfo {
  /** Hash of block 0, `0x`-prefixed hex. */
  readonly genesisHash: `0x${string}`;
  readonly chainName: string;
  /** The spec's `properties` (token symbol, decimals, SS58 format), as the node reports them. */
  readonly properties: Readonly<Record<string, unknown>>;
}

/** A pub/sub method family, e.g. `chain_subscribeNewHeads` / `chain_unsubscribeNewHeads` / `chain_newHead`. */
export interface SubscriptionMethods {
  readonly subscribe: string;
  readonly unsubscribe: string;
  readonly notification: string;
}

/** Ends a subscription made with {@link AppChainConnector.subscribe}. Safe to call twice. */
export type Unsubscribe = () => Promise<void>;

export interface AppChainConnector {
  readonly kind: 'polkadot-api' | 'smoldot';
  readonly status: ConnectorStatus;
  /**
   * Connects and resolves once requests can be sent. Rejects with ConnectorError
   * `CONNECT_FAILED` (aborted / timed out), `INVALID_CHAIN_SPEC` (light client) or `CLOSED`.
   * Calling it again while connecting or connected returns the same promise.
   */
  connect(signal?: AbortSignal): Promise<void>;
  /** `author_pendingExtrinsics`: the extrinsics in the node's pool, as raw bytes. */
  pendingExtrinsics(): Promise<Uint8Array[]>;
  /** `author_submitExtrinsic`: hands an extrinsic to the app chain's node; resolves with its hash. */
  submitExtrinsic(extrinsic: Uint8Array): Promise<Uint8Array>;
  chainInfo(): Promise<AppChainInfo>;
  /** Any JSON-RPC method of the node; rejects with ConnectorError (`RPC_ERROR` carries the node's error). */
  request(method: string, params: readonly unknown[]): Promise<unknown>;
  /**
   * Subscribes; `onNotification` receives each notification's `result`. Over WebSocket the
   * subscription is made again after a reconnection (same callback).
   */
  subscribe(methods: SubscriptionMethods, params: readonly unknown[], onNotification: (result: unknown) => void): Promise<Unsubscribe>;
  /** Status changes, in order. Returns the function that removes the listener. */
  onStatus(listener: (event: ConnectorStatusEvent) => void): () => void;
  /** Disconnects and releases everything (sockets, timers, the light client). Idempotent. */
  close(): Promise<void>;
}
