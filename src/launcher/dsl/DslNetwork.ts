/**
 * The narrow view of a running network that the zombienet DSL runner needs. The launcher adapts
 * its own network object to this; tests can build one over a single spawned node.
 */
export interface DslNode {
  readonly name: string;
  /** `relay` (a relay-chain node) or `collator` (a `spindle collator`; its RPC answers `collator_status`). */
  readonly kind: 'relay' | 'collator';
  /** For a collator: the para it collates for. */
  readonly paraId?: number;
  /** JSON-RPC over websocket (used by `system event contains`, through @polkadot/api). */
  readonly wsUrl: string;
  /** JSON-RPC over http (POST), used by every other chain query. */
  readonly httpUrl: string;
  /** Prometheus text endpoint, e.g. `http://127.0.0.1:9615/metrics`; collators have none. */
  readonly metricsUrl: string | undefined;
  /** File the node's stdout+stderr are written to (read by the log assertions). */
  readonly logPath: string;
}

/** A parachain of the network: its collators and, when a chopsticks node executes it, that node. */
export interface DslParachain {
  readonly paraId: number;
  readonly collators: readonly DslNode[];
  /** The chopsticks app chain's JSON-RPC over http (`chain_getHeader` gives the app chain's height). */
  readonly appChainHttpUrl?: string;
}

/** The network's L1: anvil's JSON-RPC and the anchor contract, when one was deployed. */
export interface DslL1 {
  readonly rpcUrl: string;
  readonly contract?: `0x${string}`;
}

export interface DslNetwork {
  /** A relay node or collator by name. */
  node(name: string): DslNode | undefined;
  /** Every relay node and collator (for a js-script's `networkInfo.nodesByName`). */
  nodes(): readonly DslNode[];
  parachain(paraId: number): DslParachain | undefined;
  l1(): DslL1 | undefined;
  /** Stops the node, waits `afterSeconds`, starts it again (same base path, same ports if it can). */
  restart(name: string, afterSeconds: number): Promise<void>;
  /** SIGSTOP. */
  pause(name: string): Promise<void>;
  /** SIGCONT. */
  resume(name: string): Promise<void>;
}
